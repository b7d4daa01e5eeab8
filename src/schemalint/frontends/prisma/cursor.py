"""Parsing inside one line: attributes, arguments and expressions.

A ``Cursor`` walks the significant tokens of one line. On the first thing it cannot take it
raises ``LineError`` with the span and what it expected; the block parser turns that into one
``Unparsable`` and goes on with the next line.
"""

from __future__ import annotations

from schemalint.frontends.prisma.lexer import StringError, Token, decode_string
from schemalint.frontends.prisma.tree import (
    Argument,
    ArrayExpr,
    Attribute,
    Expression,
    FunctionCall,
    NumberLit,
    ObjectExpr,
    ObjectMember,
    PathExpr,
    StringLit,
)
from schemalint.source import Span


class LineError(Exception):
    """A syntax error at ``[start, end)``; internal to the parser, never escapes ``load``."""

    def __init__(self, start: int, end: int, message: str) -> None:
        super().__init__(message)
        self.start = start
        self.end = end
        self.message = message


class Cursor:
    def __init__(self, path: str, text: str, tokens: tuple[Token, ...], line_end: int) -> None:
        self.file_path = path
        self.text = text
        # End-of-line sentinels let kind(0..2) index without bounds checks; the cursor never
        # moves past the first one.
        end = ("eol", line_end, line_end)
        self.tokens = (*tokens, end, end, end)
        self.count = len(tokens)
        self.pos = 0
        self.line_end = line_end

    # --- token access ---------------------------------------------------------------------

    def kind(self, ahead: int = 0) -> str:
        return self.tokens[self.pos + ahead][0]

    def at_end(self) -> bool:
        return self.pos >= self.count

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def source(self, token: Token) -> str:
        return self.text[token[1] : token[2]]

    def span(self, start: int, end: int) -> Span:
        return Span(self.file_path, start, end)

    def last_end(self) -> int:
        return self.tokens[self.pos - 1][2] if self.pos else self.line_end

    def adjacent(self) -> bool:
        """True when the next token starts right where the previous one ended."""
        return self.pos < self.count and self.tokens[self.pos][1] == self.last_end()

    def fail(self, message: str) -> LineError:
        """An error at the current token (or the end of the line) saying what was expected."""
        if self.at_end():
            return LineError(self.line_end, self.line_end, f"{message}, found the end of the line")
        kind, start, end = self.tokens[self.pos]
        found = self.text[start:end]
        if kind == "string":
            found = "a string"
        elif len(found) == 1 and not found.isprintable():
            found = f"U+{ord(found):04X}"
        elif len(found) > 30:
            found = found[:27] + "..."
        return LineError(start, end, f'{message}, found "{found}"')

    def expect(self, kind: str, message: str) -> Token:
        if self.tokens[self.pos][0] != kind:
            raise self.fail(message)
        return self.take()

    def expect_end(self, message: str) -> None:
        if not self.at_end():
            raise self.fail(message)

    # --- grammar --------------------------------------------------------------------------
    # The happy path avoids helper calls and message formatting: a 5,000-line schema has
    # tens of thousands of tokens, and messages are only built when something fails.

    def identifier(self, what: str) -> Token:
        token = self.tokens[self.pos]
        # Identifiers may start with a digit, so "123" is one where a name is expected.
        if token[0] == "ident" or (
            token[0] == "number" and self.text[token[1] : token[2]].isdigit()
        ):
            self.pos += 1
            return token
        raise self.fail(f"expected {what}")

    def path(self, what: str) -> tuple[str, int, int]:
        """``identifier ("." identifier?)*``: returns the dotted name and its extent."""
        first = self.identifier(what)
        text = self.text
        tokens = self.tokens
        if tokens[self.pos][0] != ".":
            return text[first[1] : first[2]], first[1], first[2]
        end = first[2]
        while tokens[self.pos][0] == ".":
            end = tokens[self.pos][2]
            self.pos += 1
            if tokens[self.pos][0] == "ident":
                end = tokens[self.pos][2]
                self.pos += 1
        return "".join(text[first[1] : end].split()), first[1], end

    def attributes(self, sign: str = "@") -> list[Attribute]:
        result: list[Attribute] = []
        while self.tokens[self.pos][0] == sign:
            result.append(self.attribute(sign))
        return result

    def attribute(self, sign: str) -> Attribute:
        tokens = self.tokens
        start = tokens[self.pos][1]
        self.pos += 1
        token = tokens[self.pos]
        if token[0] == "ident" and tokens[self.pos + 1][0] != ".":
            self.pos += 1
            name, name_start, name_end = self.text[token[1] : token[2]], token[1], token[2]
        else:
            name, name_start, name_end = self.path(_ATTRIBUTE_NAME[sign])
        args: tuple[Argument, ...] = ()
        if self.tokens[self.pos][0] == "(":
            args = self.arguments(sign + name)
        path = self.file_path
        return Attribute(
            name,
            args,
            Span(path, start, self.tokens[self.pos - 1][2]),
            Span(path, name_start, name_end),
        )

    def arguments(self, owner: str) -> tuple[Argument, ...]:
        """``( argument, ... )``; ``owner`` names the attribute or function in messages."""
        tokens = self.tokens
        self.pos += 1
        if tokens[self.pos][0] == ")":
            self.pos += 1
            return ()
        args: list[Argument] = []
        while True:
            args.append(self.argument(owner))
            kind = tokens[self.pos][0]
            if kind == ")":
                self.pos += 1
                return tuple(args)
            if kind != ",":
                raise self.fail(f'expected "," or ")" in the arguments of {owner}')
            self.pos += 1
            if tokens[self.pos][0] == ")":
                raise self.fail(f"expected an argument after the last comma of {owner}")

    def argument(self, owner: str) -> Argument:
        tokens = self.tokens
        token = tokens[self.pos]
        start = token[1]
        name = None
        if token[0] == "ident" and tokens[self.pos + 1][0] == ":":
            name = self.text[token[1] : token[2]]
            self.pos += 2
            if tokens[self.pos][0] not in _EXPRESSION_START:
                raise self.fail(f'expected a value after "{name}:" in {owner}')
        elif token[0] not in _EXPRESSION_START:
            raise self.fail(f"expected an argument of {owner}")
        value = self.expression("a value")
        if name is None:
            return Argument(None, value, value.span)
        return Argument(name, value, Span(self.file_path, start, tokens[self.pos - 1][2]))

    def expression(self, what: str) -> Expression:
        token = self.tokens[self.pos]
        kind = token[0]
        if kind == "string":
            return self.string()
        if kind == "ident":
            if self.text[token[1]].isdigit():
                raise self.fail("expected a number like 1, -1 or 0.5")
            name, start, end = self.path(what)
            if self.tokens[self.pos][0] == "(":
                args = self.arguments(f"{name}()")
                return FunctionCall(name, args, Span(self.file_path, start, self.last_end()))
            return PathExpr(name, Span(self.file_path, start, end))
        if kind == "number":
            self.pos += 1
            return NumberLit(
                self.text[token[1] : token[2]], Span(self.file_path, token[1], token[2])
            )
        if kind == "[":
            return self.array()
        if kind == "{":
            return self.object()
        raise self.fail(f"expected {what}")

    def string(self) -> StringLit:
        _, start, end = self.expect("string", "expected a string in double quotes")
        value = decode_string(self.text, start, end)
        if isinstance(value, StringError):
            raise LineError(value.offset, value.offset + value.length, value.message)
        return StringLit(value, Span(self.file_path, start, end))

    def array(self) -> ArrayExpr:
        start = self.take()[1]
        items: list[Expression] = []
        if self.kind() != "]":
            while True:
                items.append(self.expression('a value or "]" in a list'))
                if self.kind() == "]":
                    break
                self.expect(",", 'expected "," or "]" in a list')
                if self.kind() == "]":
                    raise self.fail('expected a value after "," in a list (no trailing comma)')
        end = self.take()[2]
        return ArrayExpr(tuple(items), Span(self.file_path, start, end))

    def object(self) -> ObjectExpr:
        start = self.take()[1]
        members: list[ObjectMember] = []
        while True:
            key = self.identifier('a key in an object like "{ key: value }"')
            key_text = self.source(key)
            self.expect(":", f'expected ":" after "{key_text}" in an object')
            value = self.expression(f'a value after "{key_text}:"')
            span = Span(self.file_path, key[1], value.span.end)
            members.append(ObjectMember(key_text, value, span))
            if self.kind() == "}":
                break
            self.expect(",", 'expected "," or "}" in an object')
        end = self.take()[2]
        return ObjectExpr(tuple(members), Span(self.file_path, start, end))


_ATTRIBUTE_NAME = {"@": 'an attribute name after "@"', "@@": 'an attribute name after "@@"'}
_EXPRESSION_START = frozenset({"string", "ident", "number", "[", "{"})
