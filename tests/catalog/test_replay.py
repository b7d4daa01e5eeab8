from __future__ import annotations

from schemalint import ir
from schemalint.catalog.events import WouldFail
from schemalint.catalog.model import Catalog, Constraint, Table
from schemalint.catalog.replay import apply
from schemalint.source import Span
from tests.catalog.irbuild import PATH, Builder


def replay(*statements: ir.Statement, catalog: Catalog | None = None) -> Catalog:
    catalog = catalog or Catalog()
    for statement in statements:
        apply(catalog, statement)
    return catalog


def shape(table: Table) -> list[tuple[str, str, tuple[str, ...], str | None, tuple[str, ...]]]:
    return [(c.kind, c.name, c.columns, c.ref_table, c.ref_columns) for c in table.constraints]


def table(catalog: Catalog, name: str, schema: str = "public") -> Table:
    found = catalog.tables.get((schema, name))
    assert found is not None, sorted(catalog.tables)
    return found


def test_create_table_names_constraints_as_postgres_does() -> None:
    b = Builder()
    create = b.create_table(
        "t",
        b.column("id", constraints=(b.constraint("primary_key", "id"),)),
        b.column("a", constraints=(b.constraint("unique", "a"),)),
        b.column("b", constraints=(b.constraint("foreign_key", "b", references=("t", ("id",))),)),
        b.column("c", constraints=(b.constraint("check", "c"),)),
        constraints=(b.constraint("check", "a", "b"), b.constraint("unique", "a", "b")),
    )
    catalog = replay(create)
    assert shape(table(catalog, "t")) == [
        ("check", "t_c_check", ("c",), None, ()),
        ("check", "t_check", ("a", "b"), None, ()),
        ("primary_key", "t_pkey", ("id",), None, ()),
        ("unique", "t_a_key", ("a",), None, ()),
        ("unique", "t_a_b_key", ("a", "b"), None, ()),
        ("foreign_key", "t_b_fkey", ("b",), "t", ("id",)),
    ]
    assert catalog.index_owner == {
        ("public", "t_pkey"): ("public", "t"),
        ("public", "t_a_key"): ("public", "t"),
        ("public", "t_a_b_key"): ("public", "t"),
    }


def test_table_and_column_spans_point_at_the_statement_and_definitions() -> None:
    b = Builder()
    create = b.create_table("t", b.column("id"))
    created = table(replay(create), "t")
    assert (created.span, created.name_span) == (create.span, create.table.span)
    assert created.columns[0].span == create.columns[0].span


def test_primary_key_makes_its_columns_not_null() -> None:
    b = Builder()
    catalog = replay(
        b.create_table("t", b.column("id"), constraints=(b.constraint("primary_key", "id"),))
    )
    assert [(c.name, c.not_null) for c in table(catalog, "t").columns] == [("id", True)]


def test_unique_on_the_primary_key_columns_is_merged_and_lends_its_name() -> None:
    b = Builder()
    pk = b.constraint("primary_key", "id")
    named_unique = b.constraint("unique", "id", name="t_id_uq")
    catalog = replay(b.create_table("t", b.column("id", constraints=(pk, named_unique))))
    assert shape(table(catalog, "t")) == [("primary_key", "t_id_uq", ("id",), None, ())]


def test_a_second_unique_on_the_same_columns_added_later_gets_a_numbered_name() -> None:
    b = Builder()
    catalog = replay(
        b.create_table("t2", b.column("a", constraints=(b.constraint("unique", "a"),))),
        ir.AddConstraint(b.span(), b.ref("t2"), b.constraint("unique", "a")),
    )
    assert [c.name for c in table(catalog, "t2").constraints] == ["t2_a_key", "t2_a_key1"]


def test_check_name_collision_counts_constraints_of_other_tables_in_the_schema() -> None:
    b = Builder()
    catalog = replay(
        b.create_table("t", b.column("a"), constraints=(b.constraint("check", "a"),)),
        b.create_table(
            "x", b.column("a"), constraints=(b.constraint("check", "a", name="t_a_check1"),)
        ),
        ir.AddConstraint(b.span(), b.ref("t"), b.constraint("check", "a")),
    )
    assert [c.name for c in table(catalog, "t").constraints] == ["t_a_check", "t_a_check2"]


def test_create_index_without_name_gets_postgres_name_and_collision_suffix() -> None:
    b = Builder()
    catalog = replay(
        b.create_table("t", b.column("a"), b.column("b")),
        b.create_index("t", "a"),
        b.create_index("t", "a"),
        b.create_index("t", "a", "b", unique=True),
        b.create_index("t", None),
    )
    indexes = table(catalog, "t").indexes
    assert [(i.name, i.columns, i.unique) for i in indexes] == [
        ("t_a_idx", ("a",), False),
        ("t_a_idx1", ("a",), False),
        ("t_a_b_idx", ("a", "b"), True),
        ("t_expr_idx", (None,), False),
    ]
    assert indexes[0].span.start < indexes[1].span.start


def test_unqualified_create_goes_to_the_first_existing_schema_of_the_search_path() -> None:
    b = Builder()
    catalog = replay(
        ir.CreateSchema(b.span(), "app"),
        ir.SetSearchPath(b.span(), ("$user", "app", "public")),
        b.create_table("t", b.column("id")),
    )
    assert sorted(catalog.tables) == [("app", "t")]


def test_empty_search_path_creates_nothing_unqualified() -> None:
    b = Builder()
    catalog = replay(
        ir.SetSearchPath(b.span(), ("",)),
        b.create_table("t", b.column("id")),
        b.create_table("u", b.column("id"), schema="public"),
    )
    assert sorted(catalog.tables) == [("public", "u")]


def test_create_table_that_exists_keeps_the_first_definition() -> None:
    b = Builder()
    first = b.create_table("t", b.column("id"))
    catalog = replay(first, b.create_table("t", b.column("other"), if_not_exists=True))
    assert [c.name for c in table(catalog, "t").columns] == ["id"]


def test_foreign_key_resolves_schema_at_creation_and_defaults_to_primary_key() -> None:
    b = Builder()
    catalog = replay(
        ir.CreateSchema(b.span(), "app"),
        ir.SetSearchPath(b.span(), ("app", "public")),
        b.create_table("orgs", b.column("id"), constraints=(b.constraint("primary_key", "id"),)),
        b.create_table(
            "users",
            b.column("org_id"),
            constraints=(b.constraint("foreign_key", "org_id", references=("orgs", ())),),
        ),
        ir.SetSearchPath(b.span(), ("public",)),
    )
    fk = table(catalog, "users", "app").constraints[0]
    assert (fk.name, fk.ref_schema, fk.ref_table, fk.ref_columns) == (
        "users_org_id_fkey",
        "app",
        "orgs",
        ("id",),
    )


def _orgs_and_members(b: Builder) -> list[ir.Statement]:
    return [
        b.create_table("orgs", b.column("id"), constraints=(b.constraint("primary_key", "id"),)),
        b.create_table(
            "members",
            b.column("org_id"),
            constraints=(b.constraint("foreign_key", "org_id", references=("orgs", ("id",))),),
        ),
        b.create_index("members", "org_id"),
    ]


def test_rename_table_retargets_foreign_keys_and_index_owner() -> None:
    b = Builder()
    catalog = replay(
        *_orgs_and_members(b),
        ir.RenameTable(b.span(), b.ref("orgs"), "organizations"),
        ir.RenameTable(b.span(), b.ref("members"), "memberships"),
    )
    assert sorted(catalog.tables) == [("public", "memberships"), ("public", "organizations")]
    assert shape(table(catalog, "memberships")) == [
        ("foreign_key", "members_org_id_fkey", ("org_id",), "organizations", ("id",))
    ]
    assert catalog.index_owner == {
        ("public", "orgs_pkey"): ("public", "organizations"),
        ("public", "members_org_id_idx"): ("public", "memberships"),
    }


def test_set_schema_moves_the_table_its_indexes_and_references() -> None:
    b = Builder()
    catalog = replay(
        *_orgs_and_members(b),
        ir.CreateSchema(b.span(), "core"),
        ir.SetTableSchema(b.span(), b.ref("orgs"), "core"),
    )
    assert catalog.index_owner[("core", "orgs_pkey")] == ("core", "orgs")
    fk = table(catalog, "members").constraints[0]
    assert (fk.ref_schema, fk.ref_table) == ("core", "orgs")


def test_drop_table_with_cascade_drops_foreign_keys_of_other_tables() -> None:
    b = Builder()
    catalog = replay(*_orgs_and_members(b), ir.DropTable(b.span(), (b.ref("orgs"),), cascade=True))
    assert table(catalog, "members").constraints == ()
    assert catalog.index_owner == {("public", "members_org_id_idx"): ("public", "members")}


def test_drop_table_without_cascade_referenced_by_other_tables_is_refused() -> None:
    # PostgreSQL: cannot drop table orgs because other objects depend on it.
    b = Builder()
    ref = b.ref("orgs")
    catalog = replay(*_orgs_and_members(b), ir.DropTable(b.span(), (ref,)))
    assert sorted(catalog.tables) == [("public", "members"), ("public", "orgs")]
    assert [c.name for c in table(catalog, "members").constraints] == ["members_org_id_fkey"]
    assert catalog.events == [
        WouldFail(
            ref.span,
            "cannot drop table orgs because other objects depend on it",
            ("constraint members_org_id_fkey on table members depends on table orgs",),
            hint="Drop the dependent objects first, in this migration, or write "
            "`DROP TABLE ... CASCADE` to drop them with the table (check that losing them is "
            "intended: a policy dropped this way no longer protects its table).",
        )
    ]


def test_drop_table_dropping_the_referencing_table_too_needs_no_cascade() -> None:
    b = Builder()
    statement = ir.DropTable(b.span(), (b.ref("orgs"), b.ref("members")))
    catalog = replay(*_orgs_and_members(b), statement)
    assert (sorted(catalog.tables), catalog.events) == ([], [])


def test_drop_column_drops_indexes_and_constraints_that_use_it() -> None:
    b = Builder()
    catalog = replay(
        *_orgs_and_members(b),
        ir.DropColumn(b.span(), b.ref("members"), "org_id", b.span()),
    )
    members = table(catalog, "members")
    assert (members.columns, members.constraints, members.indexes) == ((), (), ())
    assert ("public", "members_org_id_idx") not in catalog.index_owner


def test_drop_primary_key_column_with_cascade_drops_referencing_foreign_keys() -> None:
    b = Builder()
    catalog = replay(
        *_orgs_and_members(b),
        ir.DropColumn(b.span(), b.ref("orgs"), "id", b.span(), cascade=True),
    )
    assert table(catalog, "members").constraints == ()
    assert ("public", "orgs_pkey") not in catalog.index_owner


def test_rename_column_follows_into_constraints_indexes_and_foreign_keys() -> None:
    b = Builder()
    catalog = replay(
        *_orgs_and_members(b),
        ir.RenameColumn(b.span(), b.ref("orgs"), "id", "org_pk", b.span()),
        ir.RenameColumn(b.span(), b.ref("members"), "org_id", "organization_id", b.span()),
    )
    assert shape(table(catalog, "orgs")) == [("primary_key", "orgs_pkey", ("org_pk",), None, ())]
    members = table(catalog, "members")
    assert shape(members) == [
        ("foreign_key", "members_org_id_fkey", ("organization_id",), "orgs", ("org_pk",))
    ]
    assert [(i.name, i.columns) for i in members.indexes] == [
        ("members_org_id_idx", ("organization_id",))
    ]


def test_add_constraint_using_index_turns_the_index_into_the_constraint() -> None:
    b = Builder()
    catalog = replay(
        b.create_table("t", b.column("email")),
        b.create_index("t", "email", name="t_email_tmp", unique=True),
        ir.AddConstraint(
            b.span(),
            b.ref("t"),
            b.constraint("unique", name="t_email_key", using_index="t_email_tmp"),
        ),
    )
    t = table(catalog, "t")
    assert (t.indexes, shape(t)) == ((), [("unique", "t_email_key", ("email",), None, ())])
    assert catalog.index_owner == {("public", "t_email_key"): ("public", "t")}


def test_drop_index_of_a_constraint_index_is_refused_like_postgres() -> None:
    b = Builder()
    catalog = replay(
        *_orgs_and_members(b),
        ir.DropIndex(b.span(), ((None, "orgs_pkey"), ("public", "members_org_id_idx"))),
    )
    assert [c.name for c in table(catalog, "orgs").constraints] == ["orgs_pkey"]
    assert table(catalog, "members").indexes == ()
    assert sorted(catalog.index_owner) == [("public", "orgs_pkey")]


def test_renaming_a_primary_key_index_renames_the_constraint() -> None:
    b = Builder()
    catalog = replay(
        *_orgs_and_members(b),
        ir.RenameIndex(b.span(), None, "orgs_pkey", "organizations_pkey"),
        ir.RenameConstraint(b.span(), b.ref("members"), "members_org_id_fkey", "members_org_fk"),
    )
    assert [c.name for c in table(catalog, "orgs").constraints] == ["organizations_pkey"]
    assert [c.name for c in table(catalog, "members").constraints] == ["members_org_fk"]
    assert ("public", "organizations_pkey") in catalog.index_owner


def test_drop_not_null_on_a_primary_key_column_is_refused() -> None:
    b = Builder()
    catalog = replay(
        *_orgs_and_members(b),
        ir.DropNotNull(b.span(), b.ref("orgs"), "id", b.span()),
        ir.SetNotNull(b.span(), b.ref("members"), "org_id", b.span()),
        ir.SetDefault(b.span(), b.ref("members"), "org_id", "1", b.span()),
    )
    assert table(catalog, "orgs").columns[0].not_null is True
    member_column = table(catalog, "members").columns[0]
    assert (member_column.not_null, member_column.has_default, member_column.default_sql) == (
        True,
        True,
        "1",
    )


def test_drop_schema_cascade_drops_its_tables_and_plain_drop_keeps_a_full_schema() -> None:
    b = Builder()
    statements = [
        ir.CreateSchema(b.span(), "app"),
        b.create_table("t", b.column("id"), schema="app"),
    ]
    kept = replay(*statements, ir.DropSchema(b.span(), ("app",)))
    assert sorted(kept.tables) == [("app", "t")]
    dropped = replay(*statements, ir.DropSchema(b.span(), ("app",), cascade=True))
    assert (dropped.tables, dropped.schemas) == ({}, {"public"})


def test_rls_flags_and_policies_follow_the_statements() -> None:
    b = Builder()
    enable = ir.EnableRls(b.span(), b.ref("orgs"))
    catalog = replay(
        *_orgs_and_members(b),
        enable,
        ir.ForceRls(b.span(), b.ref("orgs")),
        ir.CreatePolicy(b.span(), b.ref("orgs"), "read", b.span(), "select", ("authenticated",)),
        ir.CreatePolicy(b.span(), b.ref("orgs"), "write", b.span()),
        ir.AlterPolicy(b.span(), b.ref("orgs"), "read", roles=("anon",)),
        ir.DropPolicy(b.span(), b.ref("orgs"), "write"),
    )
    orgs = table(catalog, "orgs")
    assert (orgs.rls_enabled, orgs.rls_forced) == (True, True)
    assert orgs.rls_span is not None and orgs.rls_span.start > enable.span.start
    assert [(p.name, p.command, p.roles) for p in orgs.policies] == [("read", "select", ("anon",))]


def test_opaque_statement_marks_its_tables_incomplete() -> None:
    b = Builder()
    catalog = replay(*_orgs_and_members(b), ir.Opaque(b.span(), "AlterTable", (b.ref("orgs"),)))
    assert (table(catalog, "orgs").incomplete, table(catalog, "members").incomplete) == (
        True,
        False,
    )


def test_do_block_body_is_applied_and_function_body_is_not() -> None:
    b = Builder()
    catalog = replay(
        ir.CreateFunction(b.span(), None, "f", "plpgsql", (b.create_table("from_function"),)),
        ir.DoBlock(b.span(), "plpgsql", (b.create_table("from_do"),), dynamic=True),
    )
    assert sorted(catalog.tables) == [("public", "from_do")]


def test_triggers_are_created_replaced_and_dropped() -> None:
    b = Builder()
    catalog = replay(
        *_orgs_and_members(b),
        ir.CreateTrigger(b.span(), b.ref("orgs"), "touch", "f"),
        ir.CreateTrigger(b.span(), b.ref("orgs"), "touch", "g"),
        ir.CreateTrigger(b.span(), b.ref("orgs"), "audit", "h"),
        ir.DropTrigger(b.span(), b.ref("orgs"), "audit"),
    )
    assert [(t.name, t.function) for t in table(catalog, "orgs").triggers] == [("touch", "g")]


def test_statements_on_unknown_objects_change_nothing() -> None:
    b = Builder()
    unknown = b.ref("nope")
    catalog = replay(
        ir.DropTable(b.span(), (unknown,)),
        ir.AddColumn(b.span(), unknown, b.column("x")),
        ir.DropIndex(b.span(), ((None, "nope_idx"),)),
        ir.RenameIndex(b.span(), None, "nope_idx", "x"),
        ir.AddConstraint(b.span(), unknown, b.constraint("unique", "x")),
        ir.Update(b.span(), unknown, ("x",), True),
        ir.Unparsable(b.span(), "syntax error"),
    )
    assert (catalog.tables, catalog.index_owner) == ({}, {})


def test_constraint_span_is_the_constraint_definition() -> None:
    b = Builder()
    unique = b.constraint("unique", "a")
    create = b.create_table("t", b.column("a", constraints=(unique,)))
    catalog = replay(create)
    assert table(catalog, "t").constraints == (
        Constraint(
            "unique",
            "t_a_key",
            ("a",),
            Span(PATH, unique.span.start, unique.span.end),
            statement_span=create.span,
        ),
    )
