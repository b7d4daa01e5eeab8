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
        self.tokens = tokens
        self.pos = 0
        self.line_end = line_end

    # --- token access ---------------------------------------------------------------------

    def kind(self, ahead: int = 0) -> str:
        index = self.pos + ahead
        return self.tokens[index][0] if index < len(self.tokens) else "eol"

    def at_end(self) -> bool:
        return self.pos >= len(self.tokens)

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
        return self.pos < len(self.tokens) and self.tokens[self.pos][1] == self.last_end()

    def fail(self, message: str) -> LineError:
        """An error at the current token (or the end of the line) saying what was expected."""
        if self.at_end():
            return LineError(self.line_end, self.line_end, f"{message}, found the end of the line")
        kind, start, end = self.tokens[self.pos]
        found = self.text[start:end]
        if kind == "string":
            found = "a string"
        elif len(found) > 30:
            found = found[:27] + "..."
        return LineError(start, end, f'{message}, found "{found}"')

    def expect(self, kind: str, message: str) -> Token:
        if self.kind() != kind:
            raise self.fail(message)
        return self.take()

    def expect_end(self, message: str) -> None:
        if not self.at_end():
            raise self.fail(message)

    # --- grammar --------------------------------------------------------------------------

    def identifier(self, what: str) -> Token:
        # Identifiers may start with a digit, so "123" is one where a name is expected.
        if self.kind() == "number" and self.source(self.tokens[self.pos]).isdigit():
            return self.take()
        return self.expect("ident", f"expected {what}")

    def path(self, what: str) -> tuple[str, int, int]:
        """``identifier ("." identifier?)*``: returns the dotted name and its extent."""
        first = self.identifier(what)
        parts = [self.source(first)]
        end = first[2]
        while self.kind() == ".":
            end = self.take()[2]
            parts.append(".")
            if self.kind() == "ident":
                token = self.take()
                parts.append(self.source(token))
                end = token[2]
        return "".join(parts), first[1], end

    def attributes(self, sign: str = "@") -> list[Attribute]:
        result: list[Attribute] = []
        while self.kind() == sign:
            result.append(self.attribute(sign))
        return result

    def attribute(self, sign: str) -> Attribute:
        at = self.take()
        shown = "@@" if sign == "@@" else "@"
        name, name_start, name_end = self.path(f'expected an attribute name after "{shown}"')
        args: tuple[Argument, ...] = ()
        if self.kind() == "(":
            args = self.arguments(f"{shown}{name}")
        return Attribute(
            name, args, self.span(at[1], self.last_end()), self.span(name_start, name_end)
        )

    def arguments(self, owner: str) -> tuple[Argument, ...]:
        self.take()
        args: list[Argument] = []
        if self.kind() == ")":
            self.take()
            return ()
        while True:
            args.append(self.argument(owner))
            if self.kind() == ")":
                self.take()
                return tuple(args)
            self.expect(",", f'expected "," or ")" in the arguments of {owner}')
            if self.kind() == ")":
                raise self.fail(f"expected an argument after the last comma of {owner}")

    def argument(self, owner: str) -> Argument:
        start = self.tokens[self.pos][1] if not self.at_end() else self.line_end
        if self.kind() == "ident" and self.kind(1) == ":":
            name = self.source(self.take())
            self.take()
            if self.kind() in (",", ")", "eol"):
                raise self.fail(f'expected a value after "{name}:" in {owner}')
            value = self.expression(f'expected a value after "{name}:" in {owner}')
            return Argument(name, value, self.span(start, self.last_end()))
        value = self.expression(f"expected an argument of {owner}")
        return Argument(None, value, self.span(start, self.last_end()))

    def expression(self, message: str) -> Expression:
        kind = self.kind()
        if kind == "string":
            return self.string()
        if kind == "number":
            token = self.take()
            return NumberLit(self.source(token), self.span(token[1], token[2]))
        if kind == "[":
            return self.array()
        if kind == "{":
            return self.object()
        if kind == "ident":
            if self.source(self.tokens[self.pos])[0].isdigit():
                raise self.fail("expected a number like 1, -1 or 0.5")
            name, start, end = self.path(message)
            if self.kind() == "(":
                args = self.arguments(f"{name}()")
                return FunctionCall(name, args, self.span(start, self.last_end()))
            return PathExpr(name, self.span(start, end))
        raise self.fail(message)

    def string(self) -> StringLit:
        _, start, end = self.take()
        value = decode_string(self.text, start, end)
        if isinstance(value, StringError):
            raise LineError(value.offset, value.offset + value.length, value.message)
        return StringLit(value, self.span(start, end))

    def array(self) -> ArrayExpr:
        start = self.take()[1]
        items: list[Expression] = []
        if self.kind() != "]":
            while True:
                items.append(self.expression('expected a value or "]" in a list'))
                if self.kind() == "]":
                    break
                self.expect(",", 'expected "," or "]" in a list')
                if self.kind() == "]":
                    raise self.fail('expected a value after "," in a list (no trailing comma)')
        end = self.take()[2]
        return ArrayExpr(tuple(items), self.span(start, end))

    def object(self) -> ObjectExpr:
        start = self.take()[1]
        members: list[ObjectMember] = []
        while True:
            key = self.identifier('expected a key in an object like "{ key: value }"')
            self.expect(":", f'expected ":" after "{self.source(key)}" in an object')
            value = self.expression(f'expected a value after "{self.source(key)}:"')
            members.append(ObjectMember(self.source(key), value, self.span(key[1], value.span.end)))
            if self.kind() == "}":
                break
            self.expect(",", 'expected "," or "}" in an object')
        end = self.take()[2]
        return ObjectExpr(tuple(members), self.span(start, end))
