"""SL605-SL608 agree with PostgreSQL on the Supabase scenario histories.

Each history is applied to a throwaway PostgreSQL with the Supabase stub (the API roles and
Supabase's default privileges on ``public``). Each rule is then decided on the database with
queries written here from the advisor's documented logic (lints 0002, 0010, 0011, 0014, 0016,
0017, 0028, 0029): ``has_function_privilege``/``has_table_privilege`` for who may call or
read, ``aclexplode`` for which of PUBLIC, ``anon`` and ``authenticated`` holds the privilege,
``pg_proc.prosecdef``/``proconfig``, ``pg_class.reloptions``, ``pg_rewrite``'s dependencies
on ``auth.users``, ``pg_extension``. Objects that belong to an extension are left out, as the
advisor does. The verdicts, with each finding's severity, must equal schemalint's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from schemalint.rules.base import DEFAULT_EXCLUDED_SCHEMAS
from tests.groundtruth.test_policy_rules_groundtruth import CASES, apply_history, json_findings
from tests.pgcluster import SUPABASE_STUB, Cluster

CODES = ("SL605", "SL606", "SL607", "SL608")
_NOT_IN_EXTENSION = """NOT EXISTS (
  SELECT 1 FROM pg_depend e WHERE e.objid = {oid} AND e.deptype = 'e')"""
_API_HOLDERS = """(
  SELECT string_agg(CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END,
                    ',' ORDER BY a.grantee::regrole::text)  -- PUBLIC ('-') first
  FROM aclexplode(coalesce({acl}, acldefault('{kind}', {owner}))) a
  WHERE a.privilege_type = '{privilege}'
    AND (a.grantee = 0 OR a.grantee IN ('anon'::regrole, 'authenticated'::regrole)))"""

_SL605 = f"""
SELECT n.nspname || '.' || p.proname, p.pronargs::text,
       {_API_HOLDERS.format(acl="p.proacl", kind="f", owner="p.proowner", privilege="EXECUTE")}
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public' AND p.prosecdef
  AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype)
  AND (has_function_privilege('anon', p.oid, 'EXECUTE')
       OR has_function_privilege('authenticated', p.oid, 'EXECUTE'))
  AND {_NOT_IN_EXTENSION.format(oid="p.oid")}
"""
_SL606 = f"""
SELECT n.nspname || '.' || p.proname, p.pronargs::text,
       CASE WHEN p.prosecdef THEN 'error' ELSE 'warning' END
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname <> ALL (ARRAY[{{excluded}}])
  AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%')
  AND {_NOT_IN_EXTENSION.format(oid="p.oid")}
"""
_READS_AUTH_USERS = """EXISTS (
  SELECT 1 FROM pg_rewrite r
  JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
  WHERE r.ev_class = c.oid AND d.refobjid = 'auth.users'::regclass)"""
_INVOKER = """EXISTS (
  SELECT 1 FROM unnest(coalesce(c.reloptions, ARRAY[]::text[])) o
  WHERE split_part(o, '=', 1) = 'security_invoker'
    AND lower(split_part(o, '=', 2)) IN ('true', 'on', 'yes', '1'))"""
_SL607 = f"""
SELECT c.relname,
       CASE WHEN c.relkind IN ('v', 'm') AND {_READS_AUTH_USERS} THEN 'auth.users'
            WHEN c.relkind = 'm' THEN 'materialized view'
            WHEN c.relkind = 'f' THEN 'foreign table'
            ELSE 'definer view' END,
       {_API_HOLDERS.format(acl="c.relacl", kind="r", owner="c.relowner", privilege="SELECT")}
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm', 'f')
  AND (has_table_privilege('anon', c.oid, 'SELECT')
       OR has_table_privilege('authenticated', c.oid, 'SELECT'))
  AND (c.relkind IN ('m', 'f') OR {_READS_AUTH_USERS}
       OR (current_setting('server_version_num')::int >= 150000 AND NOT {_INVOKER}))
  AND {_NOT_IN_EXTENSION.format(oid="c.oid")}
"""
_SL608 = """
SELECT extname FROM pg_extension
WHERE extnamespace = 'public'::regnamespace AND extname <> 'plpgsql'
"""

_SIGNATURE = re.compile(r"`(\w+\.\w+)\(([^)]*)\)`")
_BACKTICKED = re.compile(r"`([^`]+)`")
_RELATION = re.compile(
    r"(?:(View|Materialized view) `(\w+)` reads `auth\.users`"
    r"|(Materialized view|Foreign table|View) `(\w+)`)"
)

Verdicts = dict[str, set[tuple[str, ...]]]


def _rows(postgres: Cluster, database: str, query: str) -> set[tuple[str, ...]]:
    excluded = ", ".join(f"'{schema}'" for schema in sorted(DEFAULT_EXCLUDED_SCHEMAS))
    output = postgres.execute(database, query.format(excluded=excluded) + ";")
    return {tuple(line.split("|")) for line in output.splitlines() if line}


def database_verdicts(postgres: Cluster, database: str) -> Verdicts:
    return {
        "SL605": _rows(postgres, database, _SL605),
        "SL606": _rows(postgres, database, _SL606),
        "SL607": _rows(postgres, database, _SL607),
        "SL608": _rows(postgres, database, _SL608),
    }


def _holders(message: str, after: str) -> str:
    """The grantees a message names after ``after``, as the database lists them."""
    named = _BACKTICKED.findall(message.split(after, 1)[1])
    names = [n for n in named if n in ("PUBLIC", "anon", "authenticated")]
    return ",".join(sorted(names))  # PUBLIC first, as the database orders it


def _verdict(code: str, message: str, severity: str) -> tuple[str, ...]:
    if code == "SL608":
        return (_BACKTICKED.findall(message)[0],)
    if code in ("SL605", "SL606"):
        match = _SIGNATURE.search(message)
        assert match is not None, message
        name, args = match.groups()
        count = str(len([a for a in args.split(",") if a.strip()]))
        if code == "SL605":
            return (name, count, _holders(message, "and "))
        return (name, count, severity)
    match = _RELATION.match(message)
    assert match is not None, message
    if match.group(2):
        assert severity == "error", message
        return (match.group(2), "auth.users", _holders(message, "readable by"))
    kind = match.group(3).lower()
    assert severity == "warning", message
    return (
        match.group(4),
        "definer view" if kind == "view" else kind,
        _holders(message, "readable by"),
    )


def finding_verdicts(case: Path, monkeypatch: pytest.MonkeyPatch) -> Verdicts:
    verdicts: Verdicts = {code: set() for code in CODES}
    for finding in json_findings(case, monkeypatch, CODES):
        code = finding["code"]
        verdicts[code].add(_verdict(code, finding["message"], finding["severity"]))
    return verdicts


@pytest.mark.postgres
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_security_rules_agree_with_the_database(
    postgres: Cluster, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = f"security_{case.name}".replace("-", "_")
    apply_history(postgres, case, database)
    expected = database_verdicts(postgres, database)
    found = finding_verdicts(case, monkeypatch)
    for code in CODES:
        assert sorted(found[code]) == sorted(expected[code]), code


# What the replay assumes, each case shown on the database and compared with the rules'
# verdicts on the same SQL as a one-file history.
_CLAIMS = {
    "replace_view_resets_security_invoker": (
        "CREATE TABLE public.orders (id int PRIMARY KEY);\n"
        "CREATE VIEW public.totals WITH (security_invoker = on) AS SELECT id FROM public.orders;\n"
        "CREATE OR REPLACE VIEW public.totals AS SELECT id FROM public.orders;\n"
    ),
    "replace_function_keeps_grants_and_takes_new_attributes": (
        "CREATE FUNCTION public.f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$;\n"
        "REVOKE EXECUTE ON FUNCTION public.f(int) FROM PUBLIC, anon;\n"
        "CREATE OR REPLACE FUNCTION public.f(a int) RETURNS int LANGUAGE sql SECURITY DEFINER\n"
        "  AS $$ SELECT a $$;\n"
    ),
    "per_schema_default_cannot_revoke_public_execute": (
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS\n"
        "  FROM PUBLIC, anon, authenticated;\n"
        "CREATE FUNCTION public.g() RETURNS int LANGUAGE sql SECURITY DEFINER\n"
        "  SET search_path = '' AS $$ SELECT 1 $$;\n"
    ),
    "later_default_privileges_leave_existing_functions": (
        "CREATE FUNCTION public.h() RETURNS int LANGUAGE sql SECURITY DEFINER\n"
        "  SET search_path = '' AS $$ SELECT 1 $$;\n"
        "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;\n"
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS\n"
        "  FROM anon, authenticated;\n"
        "CREATE FUNCTION public.k() RETURNS int LANGUAGE sql SECURITY DEFINER\n"
        "  SET search_path = '' AS $$ SELECT 1 $$;\n"
    ),
}


@pytest.mark.postgres
@pytest.mark.parametrize("name", sorted(_CLAIMS))
def test_the_replays_privilege_and_option_rules_are_postgresqls(
    postgres: Cluster, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql = _CLAIMS[name]
    postgres.create_database(name, SUPABASE_STUB)
    result = postgres.psql(name, stdin=sql)
    assert result.returncode == 0, result.stderr
    expected = database_verdicts(postgres, name)
    migrations = tmp_path / "supabase" / "migrations"
    migrations.mkdir(parents=True)
    (migrations / "20240101000000_claim.sql").write_text(sql)
    found = finding_verdicts(tmp_path, monkeypatch)
    for code in CODES:
        assert sorted(found[code]) == sorted(expected[code]), code
    # Not vacuous: each case has the verdict it is about.
    assert {
        "replace_view_resets_security_invoker": expected["SL607"]
        == {("totals", "definer view", "anon,authenticated")},
        "replace_function_keeps_grants_and_takes_new_attributes": expected["SL605"]
        == {("public.f", "1", "authenticated")},
        "per_schema_default_cannot_revoke_public_execute": expected["SL605"]
        == {("public.g", "0", "PUBLIC")},
        "later_default_privileges_leave_existing_functions": expected["SL605"]
        == {("public.h", "0", "PUBLIC,anon,authenticated")},
    }[name]
