"""The syntax tree: what Prisma's grammar accepts, with exact spans (traps from the reference)."""

from __future__ import annotations

from schemalint.frontends.prisma.tree import (
    ArrayExpr,
    Attribute,
    ConfigBlock,
    Field,
    FunctionCall,
    Model,
    NumberLit,
    ObjectExpr,
    PathExpr,
    StringLit,
)
from tests.prisma.prisma_support import load_text, where


def _model(text: str, index: int = 0) -> Model:
    loaded = load_text(text)
    assert loaded.errors == ()
    return loaded.ast.models[index]


def _field(text: str) -> Field:
    return _model("model A {\n" + text + "\n}\n").fields[0]


def test_field_spans_name_type_and_attributes_exactly() -> None:
    text = 'model User {\n  email  String?  @unique @map("e") // comment\n}\n'
    field = _model(text).fields[0]
    assert where(text, field.span) == (2, 3, 'email  String?  @unique @map("e")')
    assert where(text, field.name_span) == (2, 3, "email")
    assert where(text, field.type.span) == (2, 10, "String?")
    assert [where(text, a.span)[2] for a in field.attributes] == ["@unique", '@map("e")']
    assert [where(text, a.name_span)[2] for a in field.attributes] == ["unique", "map"]


def test_text_after_the_opening_brace_is_discarded() -> None:
    model = _model("model A { id Int @id\n  key String @id\n}\n")
    assert [f.name for f in model.fields] == ["key"]


def test_keywords_are_ordinary_names_inside_blocks() -> None:
    model = _model("model type {\n  type String\n  model Int\n  enum Int\n  view Int\n}\n")
    assert model.name == "type"
    assert [f.name for f in model.fields] == ["type", "model", "enum", "view"]


def test_block_comments_at_top_level_own_line_and_trailing() -> None:
    text = "/* top\n level */\nmodel A {\n  /* own line */\n  id Int @id /* trailing */\n}\n"
    model = _model(text)
    assert model.documentation == "top\n level"
    assert model.fields[0].documentation == "own line\ntrailing"


def test_doc_comments_attach_to_the_next_declaration_only() -> None:
    text = (
        "/// detached at top level\n\n/// Users.\n// plain comments never attach\n"
        "model User {\n  /// The key.\n  id Int @id /// and more\n  name String // plain\n}\n"
    )
    model = _model(text)
    assert model.documentation == "Users."
    assert [(f.name, f.documentation) for f in model.fields] == [
        ("id", "The key.\nand more"),
        ("name", None),
    ]


def test_string_escapes_decode_like_json() -> None:
    field = _field(r'  s Json @default("{\"enabled\": false} \u00e9 \uD83D\uDE00 \/ \\")')
    value = field.attributes[0].args[0].value
    assert isinstance(value, StringLit)
    assert value.value == '{"enabled": false} é 😀 / \\'


def test_double_slash_inside_a_string_is_not_a_comment() -> None:
    field = _field('  u String @default("http://x//y") @unique')
    assert [a.name for a in field.attributes] == ["default", "unique"]


def test_double_slash_after_an_attribute_starts_a_comment() -> None:
    field = _field("  id Int @id // @unique")
    assert [a.name for a in field.attributes] == ["id"]


def test_numbers_keep_their_text() -> None:
    text = (
        "  a Int @default(-1)\n  b Float @default(0.5)\n  c BigInt @default(12345678901234567890)"
    )
    model = _model("model A {\n" + text + "\n}\n")
    values = [f.attributes[0].args[0].value for f in model.fields]
    assert [v.text for v in values if isinstance(v, NumberLit)] == [
        "-1",
        "0.5",
        "12345678901234567890",
    ]


def test_whitespace_is_allowed_between_attribute_parts() -> None:
    model = _model("model A {\n  id Int @ id @default (1)\n  n String ?\n  @@ index([n])\n}\n")
    assert [a.name for a in model.fields[0].attributes] == ["id", "default"]
    assert model.fields[1].type.optional
    assert [a.name for a in model.attributes] == ["index"]


def test_native_types_are_dotted_attribute_names() -> None:
    field = _field("  d Decimal @db.Decimal(10, 2)")
    attribute = field.attributes[0]
    assert attribute.name == "db.Decimal"
    assert [a.value for a in attribute.args] == [
        NumberLit("10", attribute.args[0].value.span),
        NumberLit("2", attribute.args[1].value.span),
    ]


def test_type_modifiers_and_unsupported_types() -> None:
    model = _model(
        'model A {\n  a Int?\n  b Int[]\n  c Unsupported("geometry(Point, 4326)")?\n'
        '  d Unsupported("int4range")[]\n  e String ?\n}\n'
    )
    assert [
        (f.type.name, f.type.optional, f.type.is_list, f.type.unsupported) for f in model.fields
    ] == [
        ("Int", True, False, False),
        ("Int", False, True, False),
        ("geometry(Point, 4326)", True, False, True),
        ("int4range", False, True, True),
        ("String", True, False, False),
    ]


def test_positional_and_named_arguments() -> None:
    model = _model(
        'model A {\n  id Int @id\n  b A? @relation("R", fields: [id], references: [id])\n'
        '  @@index(fields: [id], map: "ix")\n}\n'
    )
    relation = model.fields[1].attributes[0]
    assert [(a.name, type(a.value).__name__) for a in relation.args] == [
        (None, "StringLit"),
        ("fields", "ArrayExpr"),
        ("references", "ArrayExpr"),
    ]
    index = model.attributes[0]
    assert isinstance(index.arg("fields", position=0), ArrayExpr)


def test_function_calls_objects_and_nested_values() -> None:
    model = _model(
        'model A {\n  id String @id @default(dbgenerated("gen_random_uuid()"))\n'
        "  u String @default(uuid(7))\n  d DateTime?\n"
        '  @@index([u(ops: raw("gin_trgm_ops"))], type: Gin)\n'
        '  @@unique([u], where: { d: { not: null }, u: "x" })\n}\n'
    )
    call = model.fields[0].attributes[1].args[0].value
    assert isinstance(call, FunctionCall) and call.name == "dbgenerated"
    assert call.args[0].value == StringLit("gen_random_uuid()", call.args[0].value.span)
    items = model.attributes[0].args[0].value
    assert isinstance(items, ArrayExpr)
    index_field = items.items[0]
    assert isinstance(index_field, FunctionCall) and index_field.name == "u"
    ops = index_field.args[0].value
    assert isinstance(ops, FunctionCall) and ops.name == "raw"
    where_arg = model.attributes[1].arg("where")
    assert isinstance(where_arg, ObjectExpr)
    assert [m.key for m in where_arg.members] == ["d", "u"]
    nested = where_arg.members[0].value
    assert isinstance(nested, ObjectExpr) and isinstance(nested.members[0].value, PathExpr)


def test_sort_arguments_on_index_fields() -> None:
    model = _model("model A {\n  t Int @id\n  c Int\n  @@index([c(sort: Desc), t])\n}\n")
    items = model.attributes[0].args[0].value
    assert isinstance(items, ArrayExpr)
    first = items.items[0]
    assert isinstance(first, FunctionCall)
    assert first.args[0].name == "sort" and first.args[0].value == PathExpr(
        "Desc", first.args[0].value.span
    )
    assert isinstance(items.items[1], PathExpr)


def test_unicode_identifiers_and_unicode_whitespace() -> None:
    model = _model("model Café {\n  naïve\u00a0String\n  日本\u3000Int @id\n}\n")
    assert model.name == "Café"
    assert [(f.name, f.type.name) for f in model.fields] == [("naïve", "String"), ("日本", "Int")]


def test_carriage_return_line_endings() -> None:
    for newline in ("\r\n", "\r"):
        text = newline.join(["model A {", "  id Int @id", "  n  String", "}", ""])
        assert [f.name for f in _model(text).fields] == ["id", "n"]


def test_config_values_are_any_expression() -> None:
    text = (
        'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n'
        '  extensions = [pgcrypto, postgis(version: "3.4")]\n  schemas = ["public", "auth"]\n}\n'
        'generator client {\n  provider = "prisma-client-js"\n  engineType = binary\n'
        "  output =\n}\n"
    )
    loaded = load_text(text)
    assert loaded.errors == ()
    datasource, generator = loaded.ast.configs
    assert isinstance(datasource, ConfigBlock) and datasource.kind == "datasource"
    assert [p.name for p in datasource.properties] == ["provider", "url", "extensions", "schemas"]
    url = datasource.property("url")
    assert isinstance(url, FunctionCall) and url.name == "env"
    engine_type = generator.property("engineType")
    assert isinstance(engine_type, PathExpr) and engine_type.name == "binary"
    assert generator.property("output") is None


def test_enum_values_with_map_and_block_attributes() -> None:
    text = 'enum Role {\n  ADMIN @map("admin")\n  USER\n  @@map("role")\n}\n'
    loaded = load_text(text)
    enum = loaded.ast.enums[0]
    assert [(v.name, [a.name for a in v.attributes]) for v in enum.values] == [
        ("ADMIN", ["map"]),
        ("USER", []),
    ]
    assert where(text, enum.values[0].span) == (2, 3, 'ADMIN @map("admin")')
    assert isinstance(enum.attribute("map"), Attribute)


def test_model_view_and_type_blocks() -> None:
    text = "model A {\n  id Int @id\n}\nview B {\n  id Int\n}\ntype C {\n  x String\n}\n"
    loaded = load_text(text)
    assert [(m.kind, m.name) for m in loaded.ast.models] == [
        ("model", "A"),
        ("view", "B"),
        ("type", "C"),
    ]
    assert where(text, loaded.ast.models[1].span) == (4, 1, "view B {\n  id Int\n}")
