"""The catalog facts the tenancy rules read, beyond what the snapshot compares, against PostgreSQL.

The snapshot (``test_scenarios_groundtruth``) already compares the tenancy scenario's
nullability, foreign keys, unique indexes (partial or not, with the columns their predicate
reads), triggers by function name and the columns policies read. The rules also read:

- the function a trigger runs, with its schema (SL701 matches ``audit.log_change``);
- the functions a policy expression calls (SL108's membership functions): every user function
  PostgreSQL records the policy as depending on is among the qualified calls SL108 reads;
- which partial unique indexes exclude soft-deleted rows (SL403): the predicate of each reads
  ``deleted_at`` in the catalog exactly when PostgreSQL's is ``deleted_at IS NULL``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemalint.catalog.model import Catalog
from schemalint.catalog.replay import apply
from schemalint.inputs.discovery import discover
from tests.pgcluster import SUPABASE_STUB, Cluster

SCENARIO = Path(__file__).parent.parent / "scenarios" / "tenancy"


def _replayed() -> tuple[Catalog, str]:
    from schemalint.frontends.postgres import frontend

    (stream,) = discover([Path()], cwd=SCENARIO).streams
    catalog = Catalog()
    for source in stream.files:
        for statement in frontend.parse(source):
            apply(catalog, statement)
    return catalog, "\n".join(source.masked for source in stream.files)


@pytest.fixture(scope="module")
def applied(postgres: Cluster) -> tuple[Cluster, Catalog]:
    catalog, script = _replayed()
    postgres.create_database("gt_tenancy_facts", SUPABASE_STUB)
    result = postgres.psql("gt_tenancy_facts", stdin=script)
    assert result.returncode == 0, result.stderr
    return postgres, catalog


def _rows(cluster: Cluster, query: str) -> list[list[str]]:
    out = cluster.execute(
        "gt_tenancy_facts", f"SELECT coalesce(json_agg(r), '[]') FROM ({query}) r"
    )
    return [list(row.values()) for row in json.loads(out)]


@pytest.mark.postgres
def test_triggers_run_the_schema_qualified_function_the_catalog_records(
    applied: tuple[Cluster, Catalog],
) -> None:
    cluster, catalog = applied
    in_database = _rows(
        cluster,
        "SELECT c.relname AS t, g.tgname AS g, n.nspname || '.' || f.proname AS f"
        " FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid"
        " JOIN pg_proc f ON f.oid = g.tgfoid JOIN pg_namespace n ON n.oid = f.pronamespace"
        " WHERE NOT g.tgisinternal",
    )
    replayed = [[t.name, g.name, g.function] for t in catalog for g in t.triggers]
    assert sorted(replayed) == sorted(in_database)
    # The renamed table kept its trigger; the dropped trigger is gone.
    assert sorted(replayed) == [
        ["labels", "tags_audit", "audit.log_change"],
        ["projects", "projects_audit", "audit.log_change"],
        ["workspaces", "workspaces_audit", "audit.log_change"],
    ]


@pytest.mark.postgres
def test_user_functions_a_policy_depends_on_are_the_calls_sl108_reads(
    applied: tuple[Cluster, Catalog],
) -> None:
    cluster, catalog = applied
    in_database = _rows(
        cluster,
        "SELECT p.polname AS p, coalesce(json_agg(DISTINCT n.nspname || '.' || f.proname)"
        "   FILTER (WHERE f.oid IS NOT NULL), '[]') AS f"
        " FROM pg_policy p"
        " LEFT JOIN pg_depend d ON d.classid = 'pg_policy'::regclass AND d.objid = p.oid"
        "   AND d.refclassid = 'pg_proc'::regclass"
        " LEFT JOIN pg_proc f ON f.oid = d.refobjid"
        " LEFT JOIN pg_namespace n ON n.oid = f.pronamespace"
        " GROUP BY p.polname",
    )
    depends = {name: set(calls) for name, calls in in_database}
    replayed = []
    for table in catalog:
        for policy in table.policies:
            calls: set[str] = set()
            for facts in policy.clauses():
                # SL108 looks for membership functions among ``calls`` (which leave out
                # Supabase's ``auth`` helpers, read as facts of their own) ...
                calls |= {m.text for m in facts.calls if "." in m.text}
                # ... and for user functions among the ones ``compared`` with a column.
                assert {f for _, _, f in facts.compared} <= depends[policy.name]
            replayed.append([policy.name, sorted(calls)])
    assert sorted(replayed) == sorted(
        [name, sorted(c for c in calls if not c.startswith("auth."))] for name, calls in in_database
    )
    assert "auth.uid" in depends["Signed-in users read invoices"]


@pytest.mark.postgres
def test_partial_unique_indexes_read_deleted_at_exactly_when_they_exclude_deleted_rows(
    applied: tuple[Cluster, Catalog],
) -> None:
    cluster, catalog = applied
    in_database = _rows(
        cluster,
        "SELECT ic.relname AS i, pg_get_expr(x.indpred, x.indrelid) AS p"
        " FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid"
        " WHERE x.indisunique AND x.indpred IS NOT NULL",
    )
    replayed = [
        [index.name, "deleted_at" in index.predicate_columns]
        for table in catalog
        for index in table.indexes
        if index.unique and index.partial
    ]
    assert sorted(replayed) == sorted(
        [name, predicate == "(deleted_at IS NULL)"] for name, predicate in in_database
    )
    assert sorted(replayed) == [
        ["invoices_organization_id_external_id_key", False],
        ["invoices_organization_id_number_key", True],
        ["projects_slug_key", True],
        ["workspaces_organization_id_slug_key", True],
    ]
