"""VALIDATE CONSTRAINT, REINDEX, ALTER TYPE ... ADD VALUE and the statements PostgreSQL never
runs in a transaction block."""

from __future__ import annotations

from schemalint import ir
from tests.frontends.pg_helpers import parse, ref, span


def test_validate_constraint_points_at_the_constraint_name() -> None:
    sql = "ALTER TABLE app.orders OWNER TO admin, VALIDATE CONSTRAINT orders_total_check;"
    whole = span(sql, sql[:-1])
    assert parse(sql)[1] == ir.ValidateConstraint(
        whole,
        ref(sql, "orders", "app.orders", "app"),
        "orders_total_check",
        span(sql, "orders_total_check"),
    )


def test_reindex_targets_and_concurrently() -> None:
    sql = (
        "REINDEX TABLE CONCURRENTLY public.tasks;\n"
        "REINDEX INDEX tasks_pkey;\n"
        "REINDEX (VERBOSE) SCHEMA app;\n"
        "REINDEX DATABASE;\n"
    )
    statements = parse(sql)
    assert [(s.target, s.concurrently, s.index) for s in statements] == [  # type: ignore[attr-defined]
        ("table", True, None),
        ("index", False, (None, "tasks_pkey")),
        ("schema", False, None),
        ("database", False, None),
    ]
    assert statements[0] == ir.Reindex(
        span(sql, "REINDEX TABLE CONCURRENTLY public.tasks"),
        "table",
        True,
        table=ref(sql, "tasks", "public.tasks", "public"),
    )


def test_statements_that_refuse_a_transaction_block() -> None:
    sql = (
        "VACUUM (ANALYZE) tasks;\nANALYZE tasks;\nALTER SYSTEM SET work_mem = '64MB';\n"
        "CREATE DATABASE reports;\nDROP DATABASE IF EXISTS reports;\n"
        "CREATE TABLESPACE fast LOCATION '/ssd';\nDROP TABLESPACE fast;\n"
        "ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;\n"
        "ALTER TABLE events DETACH PARTITION events_2024;\n"
    )
    *statements, detach = parse(sql)
    assert [
        (type(s).__name__, getattr(s, "command", getattr(s, "kind", "")), len(s.tables))  # type: ignore[attr-defined]
        for s in statements
    ] == [
        ("NonTransactional", "VACUUM", 0),
        ("Opaque", "VacuumStmt", 0),
        ("NonTransactional", "ALTER SYSTEM", 0),
        ("NonTransactional", "CREATE DATABASE", 0),
        ("NonTransactional", "DROP DATABASE", 0),
        ("NonTransactional", "CREATE TABLESPACE", 0),
        ("NonTransactional", "DROP TABLESPACE", 0),
        ("NonTransactional", "DETACH PARTITION ... CONCURRENTLY", 1),
    ]
    # Without CONCURRENTLY it runs in a transaction, and the replay follows it.
    assert type(detach) is ir.DetachPartition


def test_alter_type_add_value_and_rename_value() -> None:
    sql = (
        "ALTER TYPE public.task_status ADD VALUE IF NOT EXISTS 'it''s' AFTER 'open';\n"
        "ALTER TYPE task_status RENAME VALUE 'a' TO 'b';\n"
    )
    statements = parse(sql)
    assert statements[0] == ir.AddEnumValue(
        span(sql, "ALTER TYPE public.task_status ADD VALUE IF NOT EXISTS 'it''s' AFTER 'open'"),
        "public",
        "task_status",
        "it's",
    )
    assert isinstance(statements[1], ir.Opaque)
