"""Lowering to the catalog: SQL names, constraints and the spans findings point at."""

from __future__ import annotations

from schemalint.catalog.model import Column, Constraint, Index, Table
from schemalint.frontends.prisma import load
from tests.prisma.prisma_support import load_text, schema_of, where

SAAS = """datasource db {
  provider = "postgresql"
}

model Organization {
  id       String    @id @db.Uuid
  projects Project[]

  @@map("organizations")
}

model Project {
  id             String       @id @default(uuid())
  organizationId String       @map("organization_id") @db.Uuid
  organization   Organization @relation(fields: [organizationId], references: [id], onDelete: Cascade)
  name           String?
  createdAt      DateTime     @default(now()) @map("created_at")
  updatedAt      DateTime     @updatedAt

  @@unique([organizationId, name])
  @@index([createdAt(sort: Desc)], map: "projects_recent")
  @@map("projects")
}
"""


def _table(text: str, name: str) -> Table:
    catalog = load_text(text).catalog
    table = catalog.table("public", name)
    assert table is not None
    return table


def test_table_and_column_names_come_from_map_attributes() -> None:
    catalog = load_text(SAAS).catalog
    assert sorted(catalog.tables) == [("public", "organizations"), ("public", "projects")]
    projects = _table(SAAS, "projects")
    assert [c.name for c in projects.columns] == [
        "id",
        "organization_id",
        "name",
        "created_at",
        "updatedAt",
    ]
    assert projects.origin == "prisma"


def test_table_spans_cover_the_model_block_and_its_name() -> None:
    projects = _table(SAAS, "projects")
    line, column, text = where(SAAS, projects.span)
    assert (line, column) == (12, 1)
    assert text.startswith("model Project {") and text.endswith('@@map("projects")\n}')
    assert where(SAAS, projects.name_span) == (12, 7, "Project")


def test_column_span_is_the_field_line_without_its_comment() -> None:
    text = SAAS.replace('@map("organization_id") @db.Uuid', '@map("organization_id") // tenant')
    column = _table(text, "projects").column("organization_id")
    assert column is not None
    assert where(text, column.span) == (
        14,
        3,
        'organizationId String       @map("organization_id")',
    )


def test_columns_carry_type_nullability_and_database_defaults() -> None:
    projects = _table(SAAS, "projects")
    span = projects.columns[0].span
    assert [
        (c.name, c.type_name, c.not_null, c.has_default, c.default_sql) for c in projects.columns
    ] == [
        # uuid() is computed by Prisma Client: the database has no default.
        ("id", "text", True, False, None),
        ("organization_id", "uuid", True, False, None),
        ("name", "text", False, False, None),
        ("created_at", "timestamp(3)", True, True, "CURRENT_TIMESTAMP"),
        # @updatedAt is set by Prisma Client, not by the database.
        ("updatedAt", "timestamp(3)", True, False, None),
    ]
    assert isinstance(projects.columns[0], Column) and span.path == "schema.prisma"


def test_primary_key_unique_and_index_are_named_like_prisma_names_them() -> None:
    projects = _table(SAAS, "projects")
    assert [(c.kind, c.name, c.columns) for c in projects.constraints] == [
        ("primary_key", "projects_pkey", ("id",)),
        ("foreign_key", "projects_organization_id_fkey", ("organization_id",)),
    ]
    assert [(i.name, i.columns, i.unique) for i in projects.indexes] == [
        ("projects_organization_id_name_key", ("organization_id", "name"), True),
        ("projects_recent", ("created_at",), False),
    ]


def test_foreign_key_points_at_the_relation_attribute_and_the_mapped_table() -> None:
    projects = _table(SAAS, "projects")
    fk = projects.foreign_keys[0]
    assert (fk.ref_schema, fk.ref_table, fk.ref_columns, fk.on_delete) == (
        "public",
        "organizations",
        ("id",),
        "cascade",
    )
    assert where(SAAS, fk.span) == (
        15,
        31,
        "@relation(fields: [organizationId], references: [id], onDelete: Cascade)",
    )


def test_index_and_key_spans_are_their_attributes() -> None:
    projects = _table(SAAS, "projects")
    assert [where(SAAS, i.span)[:2] for i in projects.indexes] == [(20, 3), (21, 3)]
    primary = projects.primary_key
    assert primary is not None and where(SAAS, primary.span) == (13, 31, "@id")


def test_default_delete_action_follows_the_relation_arity() -> None:
    text = """model A {
  id  Int  @id
  bId Int?
  b   B?   @relation(fields: [bId], references: [id])
  cId Int
  c   B    @relation("c", fields: [cId], references: [id])
}
model B {
  id Int @id
  as A[]
  cs A[] @relation("c")
}
"""
    assert [(f.name, f.on_delete) for f in _table(text, "A").foreign_keys] == [
        ("A_bId_fkey", "set null"),
        ("A_cId_fkey", "restrict"),
    ]


def test_implicit_many_to_many_creates_the_join_table_prisma_creates() -> None:
    text = """model Post {
  id   Int   @id @default(autoincrement())
  tags Tag[]
}
model Tag {
  id    String @id
  posts Post[]
  @@map("tags")
}
"""
    join = _table(text, "_PostToTag")
    assert [(c.name, c.type_name, c.not_null) for c in join.columns] == [
        ("A", "int4", True),
        ("B", "text", True),
    ]
    assert join.constraints == (
        Constraint("primary_key", "_PostToTag_AB_pkey", ("A", "B"), join.span),
        Constraint(
            "foreign_key",
            "_PostToTag_A_fkey",
            ("A",),
            join.columns[0].span,
            ref_schema="public",
            ref_table="Post",
            ref_columns=("id",),
            on_delete="cascade",
        ),
        Constraint(
            "foreign_key",
            "_PostToTag_B_fkey",
            ("B",),
            join.columns[1].span,
            ref_schema="public",
            ref_table="tags",
            ref_columns=("id",),
            on_delete="cascade",
        ),
    )
    assert join.indexes == (Index("_PostToTag_B_index", ("B",), join.columns[1].span),)
    # The table points at the list field in the alphabetically first model.
    assert where(text, join.span) == (3, 3, "tags Tag[]")
    assert where(text, join.name_span) == (3, 3, "tags")


def test_a_named_many_to_many_is_named_after_the_relation() -> None:
    text = """model User {
  id        Int    @id
  followers User[] @relation("Follows")
  following User[] @relation("Follows")
}
"""
    catalog = load_text(text).catalog
    assert sorted(catalog.tables) == [("public", "User"), ("public", "_Follows")]


def test_many_to_many_on_sqlite_uses_a_unique_index() -> None:
    text = """datasource db {
  provider = "sqlite"
}
model A {
  id Int @id
  bs B[]
}
model B {
  id Int @id
  as A[]
}
"""
    join = _table(text, "_AToB")
    assert [(i.name, i.columns, i.unique) for i in join.indexes] == [
        ("_AToB_AB_unique", ("A", "B"), True),
        ("_AToB_B_index", ("B",), False),
    ]
    assert [c.kind for c in join.constraints] == ["foreign_key", "foreign_key"]


def test_dialect_comes_from_the_datasource_provider() -> None:
    dialects = {}
    for provider in ("postgresql", "cockroachdb", "mysql", "sqlite", "sqlserver"):
        text = f'datasource db {{\n  provider = "{provider}"\n}}\n'
        dialects[provider] = load_text(text).catalog.dialect
    dialects["(none)"] = load_text("model A {\n  id Int @id\n}\n").catalog.dialect
    assert dialects == {
        "postgresql": "postgres",
        "cockroachdb": "postgres",
        "mysql": "mysql",
        "sqlite": "sqlite",
        "sqlserver": "postgres",
        "(none)": "postgres",
    }


def test_schema_attribute_places_tables_and_qualifies_references() -> None:
    text = """model User {
  id    Int    @id
  posts Post[]
  @@schema("auth")
}
model Post {
  id     Int  @id
  userId Int
  user   User @relation(fields: [userId], references: [id])
  @@schema("blog")
  @@index([userId])
}
"""
    catalog = load_text(text).catalog
    assert sorted(catalog.tables) == [("auth", "User"), ("blog", "Post")]
    post = catalog.table("blog", "Post")
    assert post is not None
    assert (post.foreign_keys[0].ref_schema, post.foreign_keys[0].ref_table) == ("auth", "User")
    assert catalog.index_owner[("blog", "Post_userId_idx")] == ("blog", "Post")
    assert {"auth", "blog"} <= catalog.schemas


def test_default_names_are_cut_to_63_bytes_keeping_the_suffix() -> None:
    text = """model users {
  id                                                  Int @id
  organization_id                                     Int
  aVeryLongFieldNameThatGoesOnAndOnForeverAndEverMore Int
  @@index([organization_id, aVeryLongFieldNameThatGoesOnAndOnForeverAndEverMore])
}
"""
    index = _table(text, "users").indexes[0]
    assert index.name == "users_organization_id_aVeryLongFieldNameThatGoesOnAndOnFore_idx"
    assert len(index.name) == 63


def test_index_fields_use_prisma_names_and_become_column_names() -> None:
    text = """model A {
  id       Int @id
  tenantId Int @map("tenant_id")
  @@index([tenantId], type: Hash, where: raw("tenant_id > 0"))
}
"""
    assert _table(text, "A").indexes == (
        Index(
            "A_tenant_id_idx",
            ("tenant_id",),
            _table(text, "A").indexes[0].span,
            partial=True,
            method="hash",
        ),
    )


def test_views_and_composite_types_are_not_tables_but_ignored_models_are() -> None:
    text = """type Address {
  city String
}
view Summary {
  id Int @unique
}
model Legacy {
  id Int @id
  @@ignore
}
"""
    assert sorted(load_text(text).catalog.tables) == [("public", "Legacy")]


def test_relations_and_datasource_work_across_files() -> None:
    loaded = load(
        schema_of(
            ("prisma/schema/user.prisma", "model User {\n  id Int @id\n  posts Post[]\n}\n"),
            (
                "prisma/schema/post.prisma",
                'datasource db {\n  provider = "sqlite"\n}\n'
                "model Post {\n  id Int @id\n  userId Int\n"
                "  user User @relation(fields: [userId], references: [id])\n}\n",
            ),
        )
    )
    assert loaded.errors == ()
    assert loaded.catalog.dialect == "sqlite"
    post = loaded.catalog.table("public", "Post")
    assert post is not None
    assert post.foreign_keys[0].ref_table == "User"
    assert post.span.path == "prisma/schema/post.prisma"


def test_bad_references_are_skipped_not_raised() -> None:
    text = """model A {
  id  Int @id
  bId Int
  b   Missing @relation(fields: [bId], references: [id])
  @@index([nope])
  @@id
}
"""
    table = _table(text, "A")
    # The relation to an unknown model and the @@id without fields make no constraint.
    assert [c.kind for c in table.constraints] == ["primary_key"]
    assert [(i.name, i.columns) for i in table.indexes] == [("A_nope_idx", ("nope",))]
