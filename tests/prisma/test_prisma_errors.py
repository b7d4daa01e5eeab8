"""Syntax errors: one located, readable error per bad line; the rest still parses."""

from __future__ import annotations

import pytest

from tests.prisma.prisma_support import errors_of, load_text


def model(body: str) -> str:
    return "model A {\n" + body + "\n}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            model("  id Int @id\n  email"),
            (3, 8, 'expected a field type after "email", found the end of the line'),
            id="field without a type",
        ),
        pytest.param(
            model("  email @unique"),
            (2, 9, 'expected a field type after "email", found "@"'),
            id="attribute where the type belongs",
        ),
        pytest.param(
            model("  name: String"),
            (
                2,
                7,
                'expected a field type after "name" (write "name Type", without ":"), found ":"',
            ),
            id="legacy name-colon-type",
        ),
        pytest.param(
            model("  tags [String]"),
            (
                2,
                8,
                'expected a field type after "tags" (a list is written "Type[]", not "[Type]"), '
                'found "["',
            ),
            id="legacy bracketed list",
        ),
        pytest.param(
            model("  id Int!"),
            (
                2,
                9,
                'expected "?", "[]", an attribute or the end of the line '
                '(fields are required unless marked "?"), found "!"',
            ),
            id="legacy required marker",
        ),
        pytest.param(
            model("  tags String[]?"),
            (
                2,
                16,
                'expected an attribute or the end of the line: "Type[]?" is not supported '
                '(lists cannot be optional), found "?"',
            ),
            id="optional list",
        ),
        pytest.param(
            model('  x Unsupported ("x")'),
            (2, 17, 'expected "(" right after "Unsupported", without a space, found "("'),
            id="space before the Unsupported parenthesis",
        ),
        pytest.param(
            model("  id Int @ @index"),
            (2, 12, 'expected an attribute name after "@", found "@"'),
            id="at sign then block attribute",
        ),
        pytest.param(
            model("  a Int @default(1,)"),
            (2, 20, 'expected an argument after the last comma of @default, found ")"'),
            id="trailing comma in arguments",
        ),
        pytest.param(
            model("  a Int\n  @@index([a,])"),
            (3, 14, 'expected a value after "," in a list (no trailing comma), found "]"'),
            id="trailing comma in a list",
        ),
        pytest.param(
            model("  a Float @default(1e3)"),
            (2, 20, 'expected a number like 1, -1 or 0.5, found "1e3"'),
            id="exponent number",
        ),
        pytest.param(
            model("  a Float @default(.5)"),
            (2, 20, 'expected an argument of @default, found "."'),
            id="number without a leading digit",
        ),
        pytest.param(
            model('  a String @default("C:\\Users")'),
            (
                2,
                24,
                'unknown escape sequence "\\U" in a string; write "\\\\" for a backslash '
                "(for example in a Windows path)",
            ),
            id="unknown escape",
        ),
        pytest.param(
            model('  a String @default("a\tb")'),
            (2, 23, 'a string cannot contain a raw control character; write "\\t"'),
            id="raw tab in a string",
        ),
        pytest.param(
            model('  a String @default("abc)'),
            (2, 21, "expected a closing '\"' before the end of the line"),
            id="unterminated string",
        ),
        pytest.param(
            model("  _x Int"),
            (2, 3, 'expected a field name, a "@@" attribute or "}", found "_"'),
            id="identifier starting with an underscore",
        ),
        pytest.param(
            model("  a٣ Int"),
            (2, 4, 'expected a field type after "a", found "٣"'),
            id="non-ASCII digit in an identifier",
        ),
        pytest.param(
            model("  id /* c */ Int"),
            (2, 6, "expected the end of the line after a /* */ comment"),
            id="block comment in the middle of a line",
        ),
        pytest.param(
            model('  a Int\n  @@index([a]) @@map("x")'),
            (3, 16, 'expected the end of the line after @@index, found "@@"'),
            id="two block attributes on one line",
        ),
        pytest.param(
            model("  a Int @@index"),
            (
                2,
                9,
                'expected a field attribute ("@...") or the end of the line; block attributes '
                '("@@...") go on their own line, found "@@"',
            ),
            id="block attribute on a field line",
        ),
        pytest.param(
            "enum E {\n  A, B\n}\n",
            (
                2,
                4,
                'expected an attribute ("@...") or the end of the line '
                '(one enum value per line, without commas), found ","',
            ),
            id="enum values separated by commas",
        ),
        pytest.param(
            "type Id = String @id\n",
            (
                1,
                1,
                'type aliases ("type Name = ...") are not supported: expected "{" after the name',
            ),
            id="type alias",
        ),
        pytest.param(
            "table A {\n  id Int\n}\nmodel B {\n  id Int @id\n}\n",
            (
                1,
                1,
                'unknown block "table": expected a declaration '
                "(model, view, type, enum, datasource or generator)",
            ),
            id="unknown block keyword",
        ),
        pytest.param(
            "hello world\nmodel A {\n  id Int @id\n}\n",
            (
                1,
                1,
                "expected a declaration (model, view, type, enum, datasource or generator), "
                'found "hello"',
            ),
            id="stray top-level line",
        ),
        pytest.param(
            "model A {\n  id Int @id\n} extra\n",
            (3, 3, 'expected the end of the line after "}"'),
            id="text after the closing brace",
        ),
        pytest.param(
            'datasource db {\n  provider "postgresql"\n}\n',
            (2, 12, 'expected "=" after "provider", found "a string"'),
            id="setting without equals sign",
        ),
        pytest.param(
            model("  u Int\n  x A @relation(fields:)"),
            (3, 24, 'expected a value after "fields:" in @relation, found ")"'),
            id="named argument without a value",
        ),
        pytest.param(
            "/* never closed\nmodel A {\n  id Int @id\n}\n",
            (1, 1, 'expected "*/" to close the /* comment'),
            id="unclosed block comment",
        ),
    ],
)
def test_a_bad_line_gives_one_error_at_the_offending_token(
    text: str, expected: tuple[int, int, str]
) -> None:
    assert errors_of(text) == [expected]


def test_an_index_split_over_two_lines_is_an_error_on_each_line() -> None:
    # Prisma's grammar is line-based: nothing continues on the next line.
    text = model("  a Int\n  b Int\n  @@index([a,\n    b])")
    assert errors_of(text) == [
        (4, 14, 'expected a value or "]" in a list, found the end of the line'),
        (5, 6, 'expected a field type after "b", found "]"'),
    ]


def test_a_multi_line_config_array_is_rejected() -> None:
    text = 'generator c {\n  provider = "x"\n  binaryTargets = [\n    "native"\n  ]\n}\n'
    assert errors_of(text) == [
        (3, 20, 'expected a value or "]" in a list, found the end of the line'),
        (4, 5, 'expected a setting like "provider = ..." or "}", found "a string"'),
        (5, 3, 'expected a setting like "provider = ..." or "}", found "]"'),
    ]


def test_a_multi_line_object_is_rejected() -> None:
    text = model("  a Int\n  @@index([a], where: {\n  a: 1 })")
    assert errors_of(text)[0] == (
        3,
        24,
        'expected a key in an object like "{ key: value }", found the end of the line',
    )


def test_a_one_line_enum_is_not_closed_because_the_rest_of_the_brace_line_is_ignored() -> None:
    assert errors_of("enum E { A }\n") == [(2, 1, 'expected "}" to close enum E')]


def test_a_one_line_model_is_not_closed_either() -> None:
    assert errors_of("model A { id Int @id }\n") == [(2, 1, 'expected "}" to close model A')]


def test_an_unclosed_model_ends_where_the_next_declaration_starts() -> None:
    loaded = load_text("model A {\n  id Int @id\nmodel B {\n  id Int @id\n}\n")
    assert [(e.span.start, e.message) for e in loaded.errors] == [
        (23, 'expected "}" to close model A')
    ]
    assert [(m.name, [f.name for f in m.fields]) for m in loaded.ast.models] == [
        ("A", ["id"]),
        ("B", ["id"]),
    ]


def test_a_byte_order_mark_is_not_whitespace() -> None:
    # Prisma rejects a BOM (discovery strips it from files; this is a BOM inside the text).
    assert errors_of("\ufeffmodel A {\n  id Int @id\n}\n")[0] == (
        1,
        1,
        'expected a declaration (model, view, type, enum, datasource or generator), found "U+FEFF"',
    )


def test_lines_after_a_bad_line_still_parse() -> None:
    text = model("  id Int @id\n  bad line here !\n  email String @unique\n  other")
    loaded = load_text(text)
    assert errors_of(text) == [
        (3, 12, 'expected a field attribute ("@...") or the end of the line, found "here"'),
        (5, 8, 'expected a field type after "other", found the end of the line'),
    ]
    assert [f.name for f in loaded.ast.models[0].fields] == ["id", "email"]


def test_duplicate_models_across_files_are_reported_on_the_second_name() -> None:
    from schemalint.frontends.prisma import load
    from tests.prisma.prisma_support import schema_of

    loaded = load(
        schema_of(
            ("prisma/a.prisma", "model User {\n  id Int @id\n}\n"),
            ("prisma/b.prisma", "model User {\n  id Int @id\n}\n"),
        )
    )
    assert [(e.span.path, e.span.start, e.span.end, e.message) for e in loaded.errors] == [
        ("prisma/b.prisma", 6, 10, '"User" is already defined: names must be unique in the schema')
    ]
