from __future__ import annotations

from dataclasses import replace

from schemalint import ir
from tests.frontends.pg_helpers import between, parse, ref, span, text_of


def test_each_alter_table_sub_command_is_one_statement_sharing_the_span() -> None:
    sql = (
        'ALTER TABLE IF EXISTS ONLY public."Tasks"\n'
        "  ADD COLUMN IF NOT EXISTS org_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',\n"
        '  DROP COLUMN IF EXISTS "Legacy" CASCADE,\n'
        "  ALTER COLUMN budget TYPE numeric(12, 2) USING budget::numeric,\n"
        "  ALTER done SET NOT NULL,\n"
        "  ALTER COLUMN note DROP NOT NULL,\n"
        "  ALTER COLUMN created_at SET DEFAULT now(),\n"
        "  ALTER COLUMN status DROP DEFAULT;"
    )
    whole = span(sql, sql[:-1])
    table = replace(ref(sql, "Tasks", 'public."Tasks"', "public"), if_exists=True, only=True)
    assert parse(sql) == (
        ir.AddColumn(
            whole,
            table,
            ir.ColumnDef(
                "org_id",
                "uuid",
                not_null=True,
                has_default=True,
                span=between(sql, "org_id uuid", "0000'"),
                name_span=span(sql, "org_id"),
                default_sql="'00000000-0000-0000-0000-000000000000'",
            ),
            if_not_exists=True,
        ),
        ir.DropColumn(whole, table, "Legacy", span(sql, '"Legacy"'), if_exists=True, cascade=True),
        ir.AlterColumnType(whole, table, "budget", "numeric(12,2)", span(sql, "budget")),
        ir.SetNotNull(whole, table, "done", span(sql, "done")),
        ir.DropNotNull(whole, table, "note", span(sql, "note")),
        ir.SetDefault(whole, table, "created_at", "now()", span(sql, "created_at")),
        ir.DropDefault(whole, table, "status", span(sql, "status")),
    )


def test_add_constraint_foreign_key_not_valid_and_using_index() -> None:
    sql = (
        "ALTER TABLE tasks ADD CONSTRAINT tasks_org_fkey FOREIGN KEY (org_id)"
        " REFERENCES orgs (id) NOT VALID,\n"
        "  ADD CONSTRAINT tasks_code_key UNIQUE USING INDEX tasks_code_idx,\n"
        "  ADD PRIMARY KEY (id),\n"
        "  ADD CHECK (id > 0)"
    )
    whole = span(sql, sql)
    table = ref(sql, "tasks", "tasks")
    assert parse(sql) == (
        ir.AddConstraint(
            whole,
            table,
            ir.ConstraintDef(
                "foreign_key",
                "tasks_org_fkey",
                ("org_id",),
                between(sql, "CONSTRAINT tasks_org_fkey", "NOT VALID"),
                references=ir.ForeignKeyRef(
                    ref(sql, "orgs", "orgs"), ("id",), None, None, span(sql, "REFERENCES orgs (id)")
                ),
                not_valid=True,
            ),
        ),
        ir.AddConstraint(
            whole,
            table,
            ir.ConstraintDef(
                "unique",
                "tasks_code_key",
                (),
                span(sql, "CONSTRAINT tasks_code_key UNIQUE USING INDEX tasks_code_idx"),
                using_index="tasks_code_idx",
            ),
        ),
        ir.AddConstraint(
            whole,
            table,
            ir.ConstraintDef("primary_key", None, ("id",), span(sql, "PRIMARY KEY (id)")),
        ),
        ir.AddConstraint(
            whole,
            table,
            ir.ConstraintDef("check", None, (), span(sql, "CHECK (id > 0)"), reads=("id",)),
        ),
    )


def test_drop_and_rename_constraint() -> None:
    sql = (
        'ALTER TABLE t DROP CONSTRAINT IF EXISTS "t_a_fkey" CASCADE;\n'
        "ALTER TABLE t RENAME CONSTRAINT a_key TO b_key;"
    )
    first = span(sql, 'ALTER TABLE t DROP CONSTRAINT IF EXISTS "t_a_fkey" CASCADE')
    second = span(sql, "ALTER TABLE t RENAME CONSTRAINT a_key TO b_key")
    assert parse(sql) == (
        ir.DropConstraint(
            first,
            ref(sql, "t", "t"),
            "t_a_fkey",
            span(sql, '"t_a_fkey"'),
            if_exists=True,
            cascade=True,
        ),
        ir.RenameConstraint(second, ref(sql, "t", "t", after=";\n"), "a_key", "b_key"),
    )


def test_row_level_security_switches() -> None:
    sql = (
        "ALTER TABLE t ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n"
        "ALTER TABLE t NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;"
    )
    first = span(sql, "ALTER TABLE t ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY")
    second = span(sql, "ALTER TABLE t NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY")
    t1 = ref(sql, "t", "t")
    t2 = ref(sql, "t", "t", after=";\n")
    assert parse(sql) == (
        ir.EnableRls(first, t1),
        ir.ForceRls(first, t1, force=True),
        ir.ForceRls(second, t2, force=False),
        ir.DisableRls(second, t2),
    )


def test_rename_table_column_and_set_schema() -> None:
    sql = (
        "ALTER TABLE t RENAME TO u;\n"
        'ALTER TABLE u RENAME COLUMN "Old" TO new;\n'
        "ALTER TABLE u RENAME old2 TO new2;\n"
        "ALTER TABLE u SET SCHEMA archive;"
    )
    statements = parse(sql)
    assert statements == (
        ir.RenameTable(span(sql, "ALTER TABLE t RENAME TO u"), ref(sql, "t", "t"), "u"),
        ir.RenameColumn(
            span(sql, 'ALTER TABLE u RENAME COLUMN "Old" TO new'),
            ref(sql, "u", "u", after="\n"),
            "Old",
            "new",
            span(sql, '"Old"'),
        ),
        ir.RenameColumn(
            span(sql, "ALTER TABLE u RENAME old2 TO new2"),
            ref(sql, "u", "u", after="new;"),
            "old2",
            "new2",
            span(sql, "old2"),
        ),
        ir.SetTableSchema(
            span(sql, "ALTER TABLE u SET SCHEMA archive"),
            ref(sql, "u", "u", after="new2;"),
            "archive",
        ),
    )


def test_other_sub_commands_are_opaque_and_name_the_table_only_when_shape_may_change() -> None:
    sql = (
        "ALTER TABLE t SET (fillfactor = 70), OWNER TO admin,"
        " REPLICA IDENTITY FULL, ENABLE TRIGGER trg, NOT OF;\n"
        "ALTER TABLE p DETACH PARTITION p1 FINALIZE;\n"
        "ALTER INDEX i SET (fillfactor = 50);"
    )
    statements = parse(sql)
    assert [(s.kind, [t.display() for t in s.tables]) for s in statements] == [  # type: ignore[attr-defined]
        ("AT_SetRelOptions", []),
        ("AT_ChangeOwner", []),
        ("AT_ReplicaIdentity", []),
        ("AT_EnableTrig", []),
        ("AT_DropOf", ["t"]),
        ("AT_DetachPartitionFinalize", []),
        ("AlterTableStmt", []),
    ]
    assert text_of(sql, statements[5].span) == "ALTER TABLE p DETACH PARTITION p1 FINALIZE"


def test_inherit_and_no_inherit_name_the_parent() -> None:
    sql = "ALTER TABLE t INHERIT s.base;\nALTER TABLE ONLY t NO INHERIT base;"
    first, second = parse(sql)
    assert first == ir.Inherit(
        span(sql, "ALTER TABLE t INHERIT s.base"),
        ref(sql, "t", "t", after="ALTER TABLE"),
        ref(sql, "base", "s.base", "s"),
    )
    assert second == ir.Inherit(
        span(sql, "ALTER TABLE ONLY t NO INHERIT base"),
        replace(ref(sql, "t", "t", after="ONLY"), only=True),
        ref(sql, "base", "base", after="NO INHERIT"),
        no=True,
    )


def test_only_is_kept_on_a_column_rename() -> None:
    sql = "ALTER TABLE ONLY t RENAME COLUMN a TO b;"
    (statement,) = parse(sql)
    assert statement == ir.RenameColumn(
        span(sql, sql[:-1]),
        replace(ref(sql, "t", "t", after="ONLY"), only=True),
        "a",
        "b",
        span(sql, "a"),
    )


def test_attach_and_detach_partition() -> None:
    sql = (
        "ALTER TABLE p ATTACH PARTITION s.p1 FOR VALUES IN (1);\n"
        "ALTER TABLE p DETACH PARTITION p1;\n"
        "ALTER TABLE t ALTER COLUMN g DROP EXPRESSION;"
    )
    first, second, third = parse(sql)
    assert first == ir.AttachPartition(
        span(sql, "ALTER TABLE p ATTACH PARTITION s.p1 FOR VALUES IN (1)"),
        ref(sql, "p", "p", after="ALTER TABLE"),
        ref(sql, "p1", "s.p1", "s"),
    )
    assert second == ir.DetachPartition(
        span(sql, "ALTER TABLE p DETACH PARTITION p1"),
        ref(sql, "p", "p", after="\nALTER TABLE"),
        ref(sql, "p1", "p1", after="DETACH PARTITION"),
    )
    assert third == ir.DropExpression(
        span(sql, "ALTER TABLE t ALTER COLUMN g DROP EXPRESSION"),
        ref(sql, "t", "t", after="\nALTER TABLE"),
        "g",
        span(sql, "g", after="COLUMN"),
    )


def test_identity_added_by_pg_dump_is_a_default_and_dropping_it_drops_the_default() -> None:
    sql = (
        "ALTER TABLE public.t ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (\n"
        "    SEQUENCE NAME public.t_id_seq START WITH 1 CACHE 1\n), ALTER uid DROP IDENTITY IF EXISTS,"
        " ALTER COLUMN id SET INCREMENT BY 2;"
    )
    whole = span(sql, sql[:-1])
    table = ref(sql, "t", "public.t", "public")
    assert parse(sql) == (
        ir.SetDefault(
            whole,
            table,
            "id",
            "GENERATED BY DEFAULT AS IDENTITY (\n    SEQUENCE NAME public.t_id_seq START WITH 1 CACHE 1\n)",
            span(sql, "id"),
        ),
        ir.DropDefault(whole, table, "uid", span(sql, "uid")),
        ir.Opaque(whole, "AT_SetIdentity"),
    )
