"""SL601-SL604 and SL609 agree with PostgreSQL on the Supabase scenario histories.

Each history is applied to a throwaway PostgreSQL with the Supabase stub (``auth`` schema and
functions, ``anon``/``authenticated``/``service_role`` with ``service_role`` BYPASSRLS,
default privileges). The policies are then read back from ``pg_policy`` (their expressions
as PostgreSQL deparses them, ``pg_depend`` for the columns they read, ``pg_index`` and
``pg_constraint`` for indexes and foreign keys) and each rule is decided by a query written
from the Supabase advisor's documented logic (lints 0003, 0006, 0015, 0024 and the null-auth
disjunct lint): patterns over the deparsed text, as the advisor does. Table by table, the
verdicts must equal schemalint's findings on the same history.

Where the rules deliberately differ from the advisor, the difference is stated and shown on
the database itself:

- 0003 passes a policy with one ``(select auth.uid())`` and one bare call; the oracle here
  counts calls instead (every call must be the start of a sub-select).
- 0024 reports an INSERT policy without ``WITH CHECK``; PostgreSQL admits no row through such
  a policy (``test_an_insert_policy_without_with_check_admits_no_row``), so SL603 does not.
- 0015 reads ``user_metadata`` in the JWT only; SL604 (and the oracle) also report
  ``auth.users.raw_user_meta_data``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from schemalint.cli import main
from schemalint.frontends.postgres import frontend
from schemalint.rules.base import DEFAULT_EXCLUDED_SCHEMAS
from tests.groundtruth.test_scenarios_groundtruth import (
    PLATFORM_STUB,
    SCENARIOS,
    postgres_streams,
    runnable_text,
)
from tests.pgcluster import SUPABASE_STUB, Cluster

CASES = sorted(
    p
    for p in SCENARIOS.iterdir()
    if p.name.startswith("supabase-") and (p / "expected.txt").exists()
)
CODES = ("SL601", "SL602", "SL603", "SL604", "SL609")

_POLICIES = """
WITH pol AS (
  SELECT CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END
           AS tbl,
         c.oid AS relid, n.nspname AS schema, p.oid AS policy, p.polname, p.polcmd,
         p.polpermissive, p.polroles,
         pg_get_expr(p.polqual, p.polrelid) AS qual,
         pg_get_expr(p.polwithcheck, p.polrelid) AS wcheck,
         coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' '
           || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') AS expr
  FROM pg_policy p
  JOIN pg_class c ON c.oid = p.polrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relrowsecurity AND n.nspname <> ALL (ARRAY[{excluded}])
)
"""

# 0003: auth.<fn>() or current_setting( anywhere, not as ``( SELECT auth.uid() AS uid)``.
_SL601 = r"""
SELECT tbl, polname FROM pol
WHERE regexp_count(expr, 'auth\.(uid|jwt|role|email)\(\)|current_setting\(')
    > regexp_count(expr, 'SELECT \(*(auth\.(uid|jwt|role|email)\(\)|current_setting\()')
"""

# Policy columns (pg_depend) compared, as deparsed, with an identity or a set: ``col = (``,
# ``col = ANY``, ``col = auth.``, ``col IN ( SELECT``, ``) = col``. Unindexed: no valid
# non-partial index starts with it, and it is in no foreign key without a covering index.
_SL602 = r"""
, cols AS (
  SELECT DISTINCT pol.tbl, pol.relid, pol.expr, a.attnum, a.attname
  FROM pol
  JOIN pg_depend d ON d.classid = 'pg_policy'::regclass AND d.objid = pol.policy
   AND d.refobjid = pol.relid AND d.refobjsubid > 0
  JOIN pg_attribute a ON a.attrelid = pol.relid AND a.attnum = d.refobjsubid
)
SELECT DISTINCT tbl, attname FROM cols
WHERE expr ~ ('(^|[( ])' || attname || '(::\w+)? (= (\(|ANY|auth\.|current_setting)|IN \( SELECT)'
              || '|\) = ' || attname || '\M')
  AND NOT EXISTS (
    SELECT 1 FROM pg_index i
    WHERE i.indrelid = cols.relid AND i.indpred IS NULL AND i.indkey[0] = cols.attnum)
  AND NOT EXISTS (
    SELECT 1 FROM pg_constraint f
    WHERE f.conrelid = cols.relid AND f.contype = 'f' AND cols.attnum = ANY (f.conkey)
      AND NOT EXISTS (
        SELECT 1 FROM pg_index i
        WHERE i.indrelid = cols.relid AND i.indpred IS NULL
          AND (SELECT array_agg(k ORDER BY k)
               FROM unnest((string_to_array(i.indkey::text, ' ')::int2[])
                           [1:cardinality(f.conkey)]) k)
            = (SELECT array_agg(k ORDER BY k) FROM unnest(f.conkey) k)))
"""

# 0024 (always true on writes / checks) and the null-auth disjunct lint, for permissive
# policies of public, anon or authenticated on tables of the exposed schema.
_SL603_SCOPE = """
FROM pol
WHERE polpermissive AND schema = 'public'
  AND polroles && ARRAY[0, 'anon'::regrole::oid, 'authenticated'::regrole::oid]
"""
_TRUE = "regexp_replace(lower({0}), '[\\s()]', '', 'g') IN ('true', '1=1')"
_SL603 = (
    "SELECT tbl, polname"
    + _SL603_SCOPE
    + " AND ((polcmd IN ('w', 'd', '*') AND "
    + _TRUE.format("qual")
    + ") OR (polcmd IN ('a', 'w', '*') AND "
    + _TRUE.format("wcheck")
    + r""") OR (polcmd IN ('r', '*') AND qual ~ ('(^\(|\) OR )\(*(\( SELECT )?'
        || '(auth\.(uid|jwt|role|email)\(\)|current_setting\([^)]*\))( AS \w+\))? IS NULL\)')))
"""
)
# What the advisor adds: INSERT policies without WITH CHECK.
_SL603_ADVISOR_ONLY = "SELECT tbl, polname" + _SL603_SCOPE + " AND polcmd = 'a' AND wcheck IS NULL"

# 0015, plus auth.users.raw_user_meta_data, plus the functions the policy depends on
# (pg_depend) whose source reads either.
_METADATA = (
    r"(auth\.jwt\(\)|current_setting\(''request\.jwt\.claims).*user_metadata|raw_user_meta_data"
)
_SL604 = f"""
SELECT tbl, polname FROM pol
WHERE expr ~ '{_METADATA}'
   OR EXISTS (
     SELECT 1 FROM pg_depend d JOIN pg_proc f ON f.oid = d.refobjid
     WHERE d.classid = 'pg_policy'::regclass AND d.objid = pol.policy
       AND d.refclassid = 'pg_proc'::regclass AND f.prosrc ~ '{_METADATA}')
"""

# 0006: per role subject to RLS (not BYPASSRLS, not pg_*, not supabase*admin; anon,
# authenticated and the roles policies name) and command, more than one permissive policy.
_SL609 = r"""
, roles AS (
  SELECT r.oid, r.rolname FROM pg_roles r
  WHERE NOT r.rolbypassrls AND r.rolname NOT LIKE 'pg\_%' AND r.rolname NOT LIKE 'supabase%admin'
    AND (r.rolname IN ('anon', 'authenticated')
         OR r.oid IN (SELECT unnest(polroles) FROM pg_policy))
), cmds (c, name) AS (VALUES ('r', 'SELECT'), ('a', 'INSERT'), ('w', 'UPDATE'), ('d', 'DELETE'))
SELECT tbl, rolname, cmds.name, string_agg(polname, ',' ORDER BY polname)
FROM pol
JOIN roles ON 0 = ANY (polroles) OR roles.oid = ANY (polroles)
JOIN cmds ON polcmd IN ('*', cmds.c)
WHERE polpermissive
GROUP BY 1, 2, 3
HAVING count(*) > 1
"""

_MESSAGES = {
    "SL601": re.compile(r"Policy `(.+?)` on `(.+?)` calls "),
    "SL602": re.compile(r"Policy `.+?` filters `(.+?)` on `(.+?)`, "),
    "SL603": re.compile(r"Policy `(.+?)` on `(.+?)` \("),
    "SL604": re.compile(r"Policy `(.+?)` on `(.+?)` reads "),
}
_SL609_MESSAGE = re.compile(
    r"Policies (.+) on `(.+?)` are (?:both|all) permissive for (.+) on (.+)$"
)
_BACKTICKED = re.compile(r"`([^`]+)`")

Verdicts = dict[str, set[tuple[str, ...]]]


def _rows(postgres: Cluster, database: str, query: str) -> set[tuple[str, ...]]:
    excluded = ", ".join(f"'{schema}'" for schema in sorted(DEFAULT_EXCLUDED_SCHEMAS))
    output = postgres.execute(database, _POLICIES.format(excluded=excluded) + query + ";")
    return {tuple(line.split("|")) for line in output.splitlines() if line}


def database_verdicts(postgres: Cluster, database: str) -> Verdicts:
    sl609 = _rows(postgres, database, _SL609)
    return {
        "SL601": _rows(postgres, database, _SL601),
        "SL602": _rows(postgres, database, _SL602),
        "SL603": _rows(postgres, database, _SL603),
        "SL604": _rows(postgres, database, _SL604),
        "SL609": {(t, role, cmd, names) for t, role, cmd, names in sl609},
    }


def _sl609(message: str) -> Iterable[tuple[str, ...]]:
    match = _SL609_MESSAGE.match(message)
    assert match is not None, message
    policies, table, roles, commands = match.groups()
    names = ",".join(sorted(_BACKTICKED.findall(policies)))
    for role in _BACKTICKED.findall(roles):
        for command in _BACKTICKED.findall(commands):
            yield (table, role, command, names)


def json_findings(
    case: Path, monkeypatch: pytest.MonkeyPatch, codes: Iterable[str]
) -> list[dict[str, Any]]:
    """The findings of ``schemalint check . --format json`` in ``case``, only ``codes`` on."""
    monkeypatch.chdir(case)
    result = CliRunner().invoke(
        main,
        ["check", ".", "--format", "json", "--select", ",".join(codes), "--exit-zero"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return findings


def finding_verdicts(case: Path, monkeypatch: pytest.MonkeyPatch) -> Verdicts:
    verdicts: Verdicts = {code: set() for code in CODES}
    for finding in json_findings(case, monkeypatch, CODES):
        code, message = finding["code"], finding["message"]
        if code == "SL609":
            verdicts[code].update(_sl609(message))
            continue
        match = _MESSAGES[code].match(message)
        assert match is not None, message
        policy_or_table, table_or_column = match.groups()
        # SL602 names (table, column); the others (policy, table): stored as (table, x).
        if code == "SL602":
            verdicts[code].add((policy_or_table, table_or_column))
        else:
            verdicts[code].add((table_or_column, policy_or_table))
    return verdicts


def apply_history(postgres: Cluster, case: Path, database: str) -> None:
    postgres.create_database(database, SUPABASE_STUB + PLATFORM_STUB)
    for stream in postgres_streams(case):
        scripts = [runnable_text(s, list(frontend.parse(s))) for s in stream.files]
        result = postgres.psql(database, stdin="\n".join(scripts))
        assert result.returncode == 0, result.stderr


@pytest.mark.postgres
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_policy_rules_agree_with_the_database_table_by_table(
    postgres: Cluster, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = f"policies_{case.name}".replace("-", "_")
    apply_history(postgres, case, database)
    expected = database_verdicts(postgres, database)
    found = finding_verdicts(case, monkeypatch)
    for code in CODES:
        tables = sorted({row[0] for row in expected[code] | found[code]})
        for table in tables:
            want = sorted(row for row in expected[code] if row[0] == table)
            got = sorted(row for row in found[code] if row[0] == table)
            assert got == want, f"{code} on {table}"


@pytest.mark.postgres
def test_the_histories_exercise_every_rule_and_the_advisor_differences(
    postgres: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not vacuous: together the histories hold true positives of every rule, and the
    advisor-only INSERT case is present (and silent in SL603)."""
    totals: Verdicts = {code: set() for code in CODES}
    advisor_only: set[tuple[str, ...]] = set()
    for case in CASES:
        database = f"policies_all_{case.name}".replace("-", "_")
        apply_history(postgres, case, database)
        for code, rows in database_verdicts(postgres, database).items():
            totals[code] |= {(case.name, *row) for row in rows}
        advisor_only |= _rows(postgres, database, _SL603_ADVISOR_ONLY)
    counts = {code: len(rows) for code, rows in totals.items()}
    assert all(counts[code] >= 2 for code in CODES), counts
    assert ("activities", "activities_integrations") in advisor_only


@pytest.mark.postgres
def test_an_insert_policy_without_with_check_admits_no_row(postgres: Cluster) -> None:
    postgres.create_database("insert_without_check", SUPABASE_STUB)
    setup = (
        "CREATE TABLE public.events (id int PRIMARY KEY);\n"
        "ALTER TABLE public.events ENABLE ROW LEVEL SECURITY;\n"
        "CREATE POLICY events_insert ON public.events FOR INSERT TO anon;\n"
    )
    postgres.execute("insert_without_check", setup)
    denied = postgres.psql(
        "insert_without_check", stdin="SET ROLE anon;\nINSERT INTO public.events VALUES (1);\n"
    )
    assert denied.returncode != 0
    assert 'new row violates row-level security policy for table "events"' in denied.stderr
    postgres.execute(
        "insert_without_check",
        "CREATE POLICY events_open ON public.events FOR INSERT TO anon WITH CHECK (true);",
    )
    allowed = postgres.psql(
        "insert_without_check",
        stdin=(
            "SET ROLE anon;\nINSERT INTO public.events VALUES (1);\n"
            "RESET ROLE;\nSELECT count(*) FROM public.events;\n"
        ),
    )
    assert (allowed.returncode, allowed.stdout) == (0, "1\n")


@pytest.mark.postgres
def test_a_wrapped_call_is_an_init_plan_and_a_bare_one_runs_in_the_row_filter(
    postgres: Cluster,
) -> None:
    """What SL601 rests on, in the plan: ``(select auth.uid())`` is computed once (InitPlan)
    and the filter compares with its result; a bare ``auth.uid()`` is in the filter itself
    (the stub's SQL function is inlined there, as Supabase's is: the claims are read again
    for each row)."""
    postgres.create_database("initplan", SUPABASE_STUB)
    postgres.execute(
        "initplan",
        "CREATE TABLE public.projects (id int PRIMARY KEY, owner_id uuid);\n"
        "ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;\n"
        "CREATE POLICY own ON public.projects TO authenticated USING (owner_id = auth.uid());\n",
    )
    explain = "SET ROLE authenticated;\nEXPLAIN (COSTS OFF) SELECT * FROM public.projects;\n"
    bare = postgres.execute("initplan", explain)
    filter_line = bare.splitlines()[1]
    assert "InitPlan" not in bare
    assert filter_line.startswith("  Filter: (owner_id = ") and "current_setting(" in filter_line
    postgres.execute(
        "initplan", "ALTER POLICY own ON public.projects USING (owner_id = (select auth.uid()));"
    )
    wrapped = postgres.execute("initplan", explain)
    assert "InitPlan 1" in wrapped
    filter_line = next(line for line in wrapped.splitlines() if "Filter:" in line)
    assert "current_setting(" not in filter_line
