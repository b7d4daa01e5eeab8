"""The Prisma Schema Language parser: lines into declarations, recovering line by line.

Like Prisma's own grammar (psl ``datamodel.pest``), everything is one line: a field, an
attribute, an enum value, a ``key = value``. A line that does not parse becomes one
``Unparsable`` saying what was expected, and parsing goes on with the next line, so one bad line
hides nothing else. Quirks kept on purpose because Prisma has them: the text after a block's
``{`` is discarded; ``type``/``model``/``view``/``enum`` are ordinary field names.
"""

from __future__ import annotations

from schemalint import ir
from schemalint.frontends.prisma.cursor import Cursor, LineError
from schemalint.frontends.prisma.lexer import COMMENT_KINDS, Line, Token, tokenize
from schemalint.frontends.prisma.tree import (
    Attribute,
    ConfigBlock,
    ConfigKind,
    ConfigProperty,
    Declaration,
    Enum,
    EnumValue,
    Field,
    FieldType,
    Model,
    ModelKind,
    SchemaFile,
)
from schemalint.source import Span

_MODEL_KEYWORDS = frozenset({"model", "view", "type"})
_BLOCK_KEYWORDS = _MODEL_KEYWORDS | {"enum", "datasource", "generator"}
_DECLARATION = "a declaration (model, view, type, enum, datasource or generator)"
Member = Field | EnumValue | ConfigProperty | Attribute


def parse_file(path: str, text: str) -> tuple[SchemaFile, list[ir.Unparsable]]:
    parser = _FileParser(path, text)
    declarations = parser.run()
    return SchemaFile(path, tuple(declarations)), parser.errors


class _FileParser:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.lines = tokenize(text)
        self.index = 0
        self.errors: list[ir.Unparsable] = []
        # Doc comments (/// and /* */) of the last run of comment lines, waiting for the
        # declaration or member below. As in Prisma, a blank line drops them at top level but
        # not inside a block, and a new run of comment lines replaces them.
        self.docs: list[str] = []
        self.comment_run = False
        self.in_block = False

    def error(self, start: int, end: int, message: str) -> None:
        span = Span(self.path, start, end)
        self.errors.append(ir.Unparsable(span=span, message=message))

    def run(self) -> list[Declaration]:
        declarations: list[Declaration] = []
        while self.index < len(self.lines):
            line = self.lines[self.index]
            self.index += 1
            tokens = self.significant(line)
            if tokens is None:
                continue
            try:
                declaration = self.top_level(line, tokens)
            except LineError as exc:
                self.error(exc.start, exc.end, exc.message)
                self.docs.clear()
                continue
            if declaration is not None:
                declarations.append(declaration)
        return declarations

    def significant(self, line: Line) -> tuple[Token, ...] | None:
        """The line's tokens without comments, or ``None`` for a blank or comment-only line.

        Leading and trailing comments are allowed (their doc text is collected); a comment in
        the middle of a line is an error, as in Prisma.
        """
        tokens = line.tokens
        if tokens and not line.comments:
            self.comment_run = False
            return tokens
        if not tokens:
            self.comment_run = False
            if not self.in_block:
                self.docs.clear()
            return None
        if tokens[0][0] in COMMENT_KINDS and all(t[0] in COMMENT_KINDS for t in tokens):
            if not self.comment_run:
                self.docs.clear()
                self.comment_run = True
            for token in tokens:
                self.collect_doc(token)
            return None
        self.comment_run = False
        first = 0
        while tokens[first][0] in COMMENT_KINDS:
            self.collect_doc(tokens[first])
            first += 1
        last = len(tokens)
        while tokens[last - 1][0] in COMMENT_KINDS:
            last -= 1
        for token in tokens[first:last]:
            if token[0] in COMMENT_KINDS:
                self.error(token[1], token[2], "expected the end of the line after a /* */ comment")
                return None
        return tokens[first:last]

    def collect_doc(self, token: Token) -> None:
        kind, start, end = token
        if kind == "doc":
            self.docs.append(self.text[start + 3 : end].strip())
        elif kind == "block":
            if not self.text.endswith("*/", start + 2, end):
                self.error(start, start + 2, 'expected "*/" to close the /* comment')
            self.docs.append(self.text[start + 2 : end - 2].strip())

    def take_docs(self, line: Line | None = None, after: int = 0) -> str | None:
        """The pending docs plus the line's trailing ones (those after offset ``after``)."""
        if line is not None:
            for token in line.tokens:
                if token[0] in COMMENT_KINDS and token[1] >= after:
                    self.collect_doc(token)
        documentation = "\n".join(self.docs) if self.docs else None
        self.docs.clear()
        return documentation

    # --- top level ------------------------------------------------------------------------

    def top_level(self, line: Line, tokens: tuple[Token, ...]) -> Declaration | None:
        cursor = Cursor(self.path, self.text, tokens, line.end)
        if cursor.kind() != "ident":
            raise cursor.fail(f"expected {_DECLARATION}")
        keyword = cursor.source(tokens[0])
        if keyword not in _BLOCK_KEYWORDS:
            if cursor.kind(1) in ("ident", "number") and cursor.kind(2) == "{":
                self.skip_block()
                raise LineError(
                    tokens[0][1],
                    tokens[0][2],
                    f'unknown block "{keyword}": expected {_DECLARATION}',
                )
            raise cursor.fail(f"expected {_DECLARATION}")
        cursor.take()
        name = cursor.identifier(f'a name after "{keyword}"')
        if keyword == "type" and cursor.kind() == "=":
            raise LineError(
                tokens[0][1],
                line.end,
                'type aliases ("type Name = ...") are not supported: expected "{" after the name',
            )
        cursor.expect("{", f'expected "{{" after "{keyword} {cursor.source(name)}"')
        # Like Prisma, the rest of the line after "{" is ignored.
        documentation = self.take_docs()
        members, end = self.block_members(keyword, cursor.source(name))
        span = Span(self.path, tokens[0][1], end)
        name_span = Span(self.path, name[1], name[2])
        fields = tuple(m for m in members if isinstance(m, Field))
        attributes = tuple(m for m in members if isinstance(m, Attribute))
        name_text = cursor.source(name)
        if keyword == "enum":
            values = tuple(m for m in members if isinstance(m, EnumValue))
            return Enum(name_text, name_span, values, attributes, span, documentation)
        if keyword in ("datasource", "generator"):
            properties = tuple(m for m in members if isinstance(m, ConfigProperty))
            config_kind: ConfigKind = "datasource" if keyword == "datasource" else "generator"
            return ConfigBlock(config_kind, name_text, name_span, properties, span)
        model_kind: ModelKind = (
            "model" if keyword == "model" else "view" if keyword == "view" else "type"
        )
        return Model(model_kind, name_text, name_span, fields, attributes, span, documentation)

    def skip_block(self) -> None:
        while self.index < len(self.lines):
            tokens = self.lines[self.index].tokens
            if tokens and tokens[0][0] == "}":
                self.index += 1
                return
            if self.starts_declaration(tokens):
                return
            self.index += 1

    def starts_declaration(self, tokens: tuple[Token, ...]) -> bool:
        # Cheapest test first: this runs on every line inside a block.
        return (
            len(tokens) >= 3
            and tokens[2][0] == "{"
            and tokens[1][0] == "ident"
            and tokens[0][0] == "ident"
            and self.text[tokens[0][1] : tokens[0][2]] in _BLOCK_KEYWORDS
        )

    # --- blocks ---------------------------------------------------------------------------

    def block_members(self, keyword: str, name: str) -> tuple[list[Member], int]:
        """Members up to the closing ``}``; returns them and the end offset of the block."""
        members: list[Member] = []
        end = self.lines[self.index - 1].end
        self.in_block = True
        try:
            return self.members_until_close(keyword, name, members, end)
        finally:
            self.in_block = False

    def members_until_close(
        self, keyword: str, name: str, members: list[Member], end: int
    ) -> tuple[list[Member], int]:
        while self.index < len(self.lines):
            line = self.lines[self.index]
            if self.starts_declaration(line.tokens):
                first = line.tokens[0]
                self.error(first[1], first[2], f'expected "}}" to close {keyword} {name}')
                return members, end
            self.index += 1
            tokens = self.significant(line)
            if tokens is None:
                continue
            if tokens[0][0] == "}":
                if len(tokens) > 1:
                    self.error(
                        tokens[1][1], tokens[-1][2], 'expected the end of the line after "}"'
                    )
                self.docs.clear()
                return members, tokens[0][2]
            try:
                members.append(self.member(keyword, line, tokens))
            except LineError as exc:
                self.error(exc.start, exc.end, exc.message)
                self.docs.clear()
            except RecursionError:
                # Arrays, objects and calls nest; a pathological line must not crash the run.
                message = "expected fewer nested brackets on one line"
                self.error(tokens[0][1], tokens[-1][2], message)
                self.docs.clear()
            end = tokens[-1][2]
        self.error(len(self.text), len(self.text), f'expected "}}" to close {keyword} {name}')
        return members, end

    def member(self, keyword: str, line: Line, tokens: tuple[Token, ...]) -> Member:
        cursor = Cursor(self.path, self.text, tokens, line.end)
        if cursor.kind() == "@@" and keyword not in ("datasource", "generator"):
            attribute = cursor.attribute("@@")
            cursor.expect_end(f"expected the end of the line after @@{attribute.name}")
            return attribute
        if keyword in _MODEL_KEYWORDS:
            return self.field(cursor, line)
        if keyword == "enum":
            return self.enum_value(cursor, line)
        return self.config_property(cursor)

    def field(self, cursor: Cursor, line: Line) -> Field:
        name = cursor.identifier('a field name, a "@@" attribute or "}"')
        tokens = cursor.tokens
        type_token = tokens[cursor.pos]
        if type_token[0] != "ident":
            raise self.missing_type(cursor, name)
        cursor.pos += 1
        type_name = self.text[type_token[1] : type_token[2]]
        unsupported = is_list = optional = False
        if type_name == "Unsupported" and tokens[cursor.pos][0] == "(":
            if not cursor.adjacent():
                raise cursor.fail('expected "(" right after "Unsupported", without a space')
            cursor.pos += 1
            type_name = cursor.string().value
            cursor.expect(")", 'expected ")" after the type of Unsupported("...")')
            unsupported = True
        kind = tokens[cursor.pos][0]
        if kind == "[":
            cursor.pos += 1
            if not (tokens[cursor.pos][0] == "]" and cursor.adjacent()):
                raise cursor.fail('expected "]" right after "[" (a list type is written "Type[]")')
            cursor.pos += 1
            is_list = True
            kind = tokens[cursor.pos][0]
        if kind == "?":
            if is_list:
                raise cursor.fail(
                    'expected an attribute or the end of the line: "Type[]?" is not supported '
                    "(lists cannot be optional)"
                )
            cursor.pos += 1
            optional = True
        elif kind == "!":
            raise cursor.fail(
                'expected "?", "[]", an attribute or the end of the line '
                '(fields are required unless marked "?")'
            )
        path = self.path
        field_type = FieldType(
            type_name,
            Span(path, type_token[1], tokens[cursor.pos - 1][2]),
            optional,
            is_list,
            unsupported,
        )
        attributes = cursor.attributes("@") if tokens[cursor.pos][0] == "@" else []
        if cursor.pos < cursor.count:
            if tokens[cursor.pos][0] == "@@":
                raise cursor.fail(
                    'expected a field attribute ("@...") or the end of the line; '
                    'block attributes ("@@...") go on their own line'
                )
            raise cursor.fail('expected a field attribute ("@...") or the end of the line')
        end = tokens[cursor.pos - 1][2]
        return Field(
            self.text[name[1] : name[2]],
            Span(path, name[1], name[2]),
            field_type,
            tuple(attributes),
            Span(path, name[1], end),
            self.take_docs(line, end) if self.docs or len(line.tokens) > cursor.count else None,
        )

    def missing_type(self, cursor: Cursor, name: Token) -> LineError:
        name_text = cursor.source(name)
        after = f'expected a field type after "{name_text}"'
        if cursor.kind() == ":":
            return cursor.fail(f'{after} (write "{name_text} Type", without ":")')
        if cursor.kind() == "[":
            return cursor.fail(f'{after} (a list is written "Type[]", not "[Type]")')
        return cursor.fail(after)

    def enum_value(self, cursor: Cursor, line: Line) -> EnumValue:
        name = cursor.identifier('an enum value, a "@@" attribute or "}"')
        attributes = cursor.attributes("@")
        cursor.expect_end(
            'expected an attribute ("@...") or the end of the line '
            "(one enum value per line, without commas)"
        )
        return EnumValue(
            cursor.source(name),
            Span(self.path, name[1], name[2]),
            tuple(attributes),
            Span(self.path, name[1], cursor.last_end()),
            self.take_docs(line, cursor.last_end()),
        )

    def config_property(self, cursor: Cursor) -> ConfigProperty:
        self.docs.clear()
        name = cursor.identifier('a setting like "provider = ..." or "}"')
        name_text = cursor.source(name)
        cursor.expect("=", f'expected "=" after "{name_text}"')
        value = None
        if not cursor.at_end():
            value = cursor.expression(f'a value after "{name_text} ="')
        cursor.expect_end(f'expected the end of the line after the value of "{name_text}"')
        return ConfigProperty(
            name_text,
            Span(self.path, name[1], name[2]),
            value,
            Span(self.path, name[1], cursor.last_end()),
        )
