from __future__ import annotations

from schemalint import ir
from schemalint.frontends.postgres import frontend as postgres
from schemalint.source import SourceFile
from tests.frontends.pg_helpers import PATH, between, parse, ref, span, text_of


def test_create_table_columns_constraints_and_their_spans() -> None:
    sql = (
        "CREATE TABLE IF NOT EXISTS public.projects (\n"
        "  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n"
        "  org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,\n"
        "  title varchar(255) NOT NULL,\n"
        "  tags text[],\n"
        "  starts_at timestamptz NULL,\n"
        "  CONSTRAINT title_check CHECK (char_length(title) > 0)\n"
        ");"
    )
    [statement] = parse(sql)
    id_pk = ir.ConstraintDef("primary_key", None, ("id",), span(sql, "PRIMARY KEY"))
    fk_ref = ir.ForeignKeyRef(
        ref(sql, "orgs", "orgs"), ("id",), "cascade", None, span(sql, "REFERENCES orgs(id)")
    )
    fk = ir.ConstraintDef(
        "foreign_key",
        None,
        ("org_id",),
        span(sql, "REFERENCES orgs(id) ON DELETE CASCADE"),
        references=fk_ref,
    )
    assert statement == ir.CreateTable(
        span(sql, sql[:-1]),
        ref(sql, "projects", "public.projects", "public"),
        columns=(
            ir.ColumnDef(
                "id",
                "uuid",
                not_null=True,
                has_default=True,
                span=span(sql, "id uuid PRIMARY KEY DEFAULT gen_random_uuid()"),
                name_span=span(sql, "id"),
                default_sql="gen_random_uuid()",
                default_calls=("gen_random_uuid",),
                constraints=(id_pk,),
            ),
            ir.ColumnDef(
                "org_id",
                "uuid",
                not_null=True,
                has_default=False,
                span=span(sql, "org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE"),
                name_span=span(sql, "org_id"),
                constraints=(fk,),
            ),
            ir.ColumnDef(
                "title",
                "varchar(255)",
                not_null=True,
                has_default=False,
                span=span(sql, "title varchar(255) NOT NULL"),
                name_span=span(sql, "title"),
            ),
            ir.ColumnDef(
                "tags", "text[]", False, False, span(sql, "tags text[]"), span(sql, "tags")
            ),
            ir.ColumnDef(
                "starts_at",
                "timestamptz",
                False,
                False,
                span(sql, "starts_at timestamptz NULL"),
                span(sql, "starts_at"),
            ),
        ),
        constraints=(
            ir.ConstraintDef(
                "check",
                "title_check",
                (),
                span(sql, "CONSTRAINT title_check CHECK (char_length(title) > 0)"),
                reads=("title",),
            ),
        ),
        if_not_exists=True,
    )


def test_type_names_are_normalised_and_user_types_kept_as_named() -> None:
    sql = (
        "CREATE TABLE t (a integer, b bigint, c character varying, d numeric(10, 2),"
        ' e timestamp(3) with time zone, f "Role"[], g app.mood, h boolean,'
        " i double precision, j character(3), k int[][], l jsonb)"
    )
    [statement] = parse(sql)
    assert isinstance(statement, ir.CreateTable)
    assert [(c.name, c.type_name) for c in statement.columns] == [
        ("a", "int4"),
        ("b", "int8"),
        ("c", "varchar"),
        ("d", "numeric(10,2)"),
        ("e", "timestamptz(3)"),
        ("f", "Role[]"),
        ("g", "app.mood"),
        ("h", "bool"),
        ("i", "float8"),
        ("j", "bpchar(3)"),
        ("k", "int4[][]"),
        ("l", "jsonb"),
    ]


def test_serial_identity_and_generated_columns_fill_themselves() -> None:
    sql = (
        "CREATE TABLE t (a serial, b bigserial, c smallserial,"
        " d int GENERATED ALWAYS AS IDENTITY, e int GENERATED ALWAYS AS (d * 2) STORED, f int)"
    )
    [statement] = parse(sql)
    assert isinstance(statement, ir.CreateTable)
    assert [(c.name, c.type_name, c.not_null, c.has_default) for c in statement.columns] == [
        ("a", "serial", True, True),
        ("b", "bigserial", True, True),
        ("c", "smallserial", True, True),
        ("d", "int4", True, True),
        ("e", "int4", False, True),
        ("f", "int4", False, False),
    ]


def test_inline_unique_check_and_named_constraints_get_their_clause_spans() -> None:
    sql = (
        "CREATE TABLE t (email text CONSTRAINT email_nn NOT NULL UNIQUE"
        " CHECK (email <> '') REFERENCES people DEFERRABLE)"
    )
    [statement] = parse(sql)
    assert isinstance(statement, ir.CreateTable)
    [column] = statement.columns
    assert column.not_null is True
    assert [(c.kind, text_of(sql, c.span), c.reads) for c in column.constraints] == [
        ("unique", "UNIQUE", ()),
        ("check", "CHECK (email <> '')", ("email",)),
        ("foreign_key", "REFERENCES people", ()),
    ]
    fk = column.constraints[2].references
    assert fk == ir.ForeignKeyRef(
        ref(sql, "people", "people"), (), None, None, span(sql, "REFERENCES people")
    )


def test_table_constraints_primary_unique_foreign_and_exclude() -> None:
    sql = (
        "CREATE TABLE t (a int, b int, r tstzrange,\n"
        "  PRIMARY KEY (a, b),\n"
        "  UNIQUE NULLS NOT DISTINCT (b),\n"
        '  CONSTRAINT "t_b_fkey" FOREIGN KEY (a, b) REFERENCES s."Other" ("x", y)'
        " ON DELETE SET NULL ON UPDATE RESTRICT,\n"
        "  EXCLUDE USING gist (r WITH &&)\n)"
    )
    [statement] = parse(sql)
    assert isinstance(statement, ir.CreateTable)
    fk_ref = ir.ForeignKeyRef(
        ref(sql, "Other", 's."Other"', "s"),
        ("x", "y"),
        "set null",
        "restrict",
        span(sql, 'REFERENCES s."Other" ("x", y)'),
    )
    assert statement.constraints == (
        ir.ConstraintDef("primary_key", None, ("a", "b"), span(sql, "PRIMARY KEY (a, b)")),
        ir.ConstraintDef("unique", None, ("b",), span(sql, "UNIQUE NULLS NOT DISTINCT (b)")),
        ir.ConstraintDef(
            "foreign_key",
            "t_b_fkey",
            ("a", "b"),
            between(sql, 'CONSTRAINT "t_b_fkey"', "ON UPDATE RESTRICT"),
            references=fk_ref,
        ),
        ir.ConstraintDef("exclude", None, ("r",), span(sql, "EXCLUDE USING gist (r WITH &&)")),
    )


def test_like_inherits_and_partition_of_name_their_sources() -> None:
    sql = (
        "CREATE TABLE a (x int, LIKE b INCLUDING ALL EXCLUDING INDEXES, c int,"
        " LIKE s.k INCLUDING DEFAULTS);\n"
        "CREATE TABLE d () INHERITS (a, s.z);\n"
        "CREATE TABLE e PARTITION OF a FOR VALUES IN (1) PARTITION BY LIST (x);\n"
        "CREATE TABLE f AS SELECT 1 AS x;\n"
        "CREATE MATERIALIZED VIEW g AS SELECT 1;\n"
        "CREATE TEMP TABLE h (x int);"
    )
    a, d, e, f, g, h = parse(sql)
    assert isinstance(a, ir.CreateTable)
    assert [c.name for c in a.columns] == ["x", "c"]
    assert (a.like, a.incomplete) == (
        (
            ir.LikeTable(
                ref(sql, "b", "b", after="LIKE"),
                1,
                defaults=True,
                generated=True,
                identity=True,
                constraints=True,
                indexes=False,
            ),
            ir.LikeTable(ref(sql, "k", "s.k", "s"), 2, defaults=True),
        ),
        False,
    )
    assert isinstance(d, ir.CreateTable)
    assert (d.inherits, d.partition_of, d.incomplete) == (
        (ref(sql, "a", "a", after="INHERITS"), ref(sql, "z", "s.z", "s")),
        None,
        False,
    )
    assert isinstance(e, ir.CreateTable)
    assert (e.inherits, e.partition_of, e.partitioned, e.incomplete) == (
        (),
        ref(sql, "a", "a", after="PARTITION OF"),
        True,
        False,
    )
    assert f == ir.CreateTable(
        span(sql, "CREATE TABLE f AS SELECT 1 AS x"), ref(sql, "f", "f"), (), (), incomplete=True
    )
    assert [(type(s).__name__, getattr(s, "kind", None)) for s in (g, h)] == [
        ("CreateView", "materialized view"),
        ("Opaque", "CreateStmt"),
    ]


def test_drop_table_lists_every_table_with_its_written_name() -> None:
    sql = 'DROP TABLE IF EXISTS a, "S"."B" CASCADE; DROP TABLE c'
    assert parse(sql) == (
        ir.DropTable(
            span(sql, 'DROP TABLE IF EXISTS a, "S"."B" CASCADE'),
            (ref(sql, "a", "a", after="EXISTS"), ref(sql, "B", '"S"."B"', "S")),
            if_exists=True,
            cascade=True,
        ),
        ir.DropTable(span(sql, "DROP TABLE c"), (ref(sql, "c", "c", after="; DROP"),)),
    )


def test_prisma_migration_with_quoted_camel_case_names() -> None:
    sql = (
        "-- CreateEnum\n"
        "CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN');\n\n"
        "-- CreateTable\n"
        'CREATE TABLE "User" (\n'
        '    "id" TEXT NOT NULL,\n'
        '    "role" "Role" NOT NULL DEFAULT \'USER\',\n'
        '    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,\n\n'
        '    CONSTRAINT "User_pkey" PRIMARY KEY ("id")\n'
        ");\n\n"
        "-- CreateIndex\n"
        'CREATE UNIQUE INDEX "User_email_key" ON "User"("email");\n\n'
        "-- AddForeignKey\n"
        'ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId")'
        ' REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;\n'
    )
    enum, table, index, alter = parse(sql)
    assert enum == ir.Opaque(
        span(sql, "CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN')"), "CreateEnumStmt"
    )
    assert isinstance(table, ir.CreateTable)
    assert text_of(sql, table.span).startswith('CREATE TABLE "User" (')
    assert text_of(sql, table.span).endswith('PRIMARY KEY ("id")\n)')
    assert table.table == ref(sql, "User", '"User"')
    assert [(c.name, c.type_name, c.not_null, c.default_sql) for c in table.columns] == [
        ("id", "text", True, None),
        ("role", "Role", True, "'USER'"),
        ("createdAt", "timestamp(3)", True, "CURRENT_TIMESTAMP"),
    ]
    assert table.columns[1].name_span == span(sql, '"role"')
    assert table.constraints == (
        ir.ConstraintDef(
            "primary_key",
            "User_pkey",
            ("id",),
            span(sql, 'CONSTRAINT "User_pkey" PRIMARY KEY ("id")'),
        ),
    )
    assert index == ir.CreateIndex(
        span(sql, 'CREATE UNIQUE INDEX "User_email_key" ON "User"("email")'),
        "User_email_key",
        ref(sql, "User", '"User"', after="CREATE UNIQUE"),
        ("email",),
        unique=True,
    )
    assert alter == ir.AddConstraint(
        between(sql, "ALTER TABLE", "ON UPDATE CASCADE"),
        ref(sql, "Post", '"Post"'),
        ir.ConstraintDef(
            "foreign_key",
            "Post_authorId_fkey",
            ("authorId",),
            between(sql, 'CONSTRAINT "Post', "ON UPDATE CASCADE"),
            references=ir.ForeignKeyRef(
                ref(sql, "User", '"User"', after="REFERENCES"),
                ("id",),
                "cascade",
                "cascade",
                span(sql, 'REFERENCES "User"("id")'),
            ),
        ),
    )


def test_a_default_lists_the_functions_it_calls_first_call_first() -> None:
    sql = (
        "CREATE TABLE t (a text DEFAULT 'x', b jsonb DEFAULT '{}'::jsonb, c timestamptz DEFAULT"
        " now(), d text DEFAULT lower(Upper(md5(random()::text))), e varchar(9) DEFAULT"
        " 'x'::my_type(length('ab')), f text DEFAULT pg_catalog.NOW() FILTER (WHERE true))"
    )
    [table] = parse(sql)
    assert isinstance(table, ir.CreateTable)
    assert [c.default_calls for c in table.columns] == [
        (),
        (),
        ("now",),
        ("lower", "upper", "md5", "random"),
        ("length",),
        ("now",),
    ]


def test_a_named_default_keeps_only_its_expression() -> None:
    sql = (
        'CREATE TABLE t (a int CONSTRAINT d DEFAULT 2, b timestamptz CONSTRAINT "d b"'
        " DEFAULT now() NOT NULL, c int /* note */ CONSTRAINT e DEFAULT (1 + 2));\n"
        "ALTER TABLE t ADD COLUMN f text CONSTRAINT g DEFAULT 'x';"
    )
    for context in (False, True):
        table, alter = postgres.parse(SourceFile(PATH, sql), context=context)
        assert isinstance(table, ir.CreateTable)
        assert isinstance(alter, ir.AddColumn)
        assert [(c.name, c.not_null, c.default_sql) for c in table.columns] == [
            ("a", False, "2"),
            ("b", True, "now()"),
            ("c", False, "(1 + 2)"),
        ]
        assert (alter.column.name, alter.column.default_sql) == ("f", "'x'")
