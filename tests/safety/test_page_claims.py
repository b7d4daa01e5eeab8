"""The oracle confirms what the rule pages state (the migration-safety pages, SL004's
``fails:``), on every PostgreSQL major version the suite has (Debian's 15, the wheel's 18).

A page states a fact about the statement that follows the comment, in the comment itself:

- ``-- locks: SHARE on tasks; ACCESS EXCLUSIVE on tasks_pkey``: run alone in a transaction
  (after the earlier files and the earlier statements of its own file were applied, on tables
  that hold rows), the statement holds exactly these strongest locks on these relations. For a
  ``CONCURRENTLY`` statement, which cannot run in a transaction, the locks are read while it
  waits for a writer, and another session must still be able to write to the first relation.
- ``-- holds: ACCESS EXCLUSIVE on orders``: the file's statements up to this one, run in one
  transaction, hold these locks afterwards (what a runner that wraps the file holds).
- ``-- rewrites: events`` / ``-- keeps: events``: run alone in a transaction (as for
  ``locks``, the session's TimeZone pinned to UTC), the statement gives these tables a new
  file (a rewrite), or leaves their files alone.
- ``-- fails: 25001``: the file's statements up to this one, run in one transaction block,
  fail at this one with this SQLSTATE; and so does the whole file sent as one query string.
- ``-- fails: 55P03 behind a reader of tasks``: the same statements, run while another
  session's open transaction has read ``tasks``, fail at this one with this SQLSTATE (a
  ``lock_timeout`` gave up).
- ``-- queues: tasks``: the same statements, run while another session's open transaction has
  read ``tasks``, wait at this one, and a new reader of ``tasks`` has to wait behind it.
- ``-- scans: orders`` / ``-- no scan: orders``: run alone in a transaction (as for ``locks``),
  the statement reads every row of these tables (a validation or a rewrite: PostgreSQL counts a
  sequential scan of the table), or reads none of them.

A block whose first lines include ``-- postgres: 18`` is written for PostgreSQL 18 and later
(its syntax may not parse before): its claims are checked only on servers of that major
version or later, and skipped on older ones.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from schemalint.frontends.postgres import frontend as postgres
from schemalint.rules._segments import sql_statements
from schemalint.rules.registry import ALL_RULES
from schemalint.source import SourceFile
from tests.pgcluster import Cluster
from tests.pgoracle import (
    as_one_query,
    behind_a_reader,
    in_transaction,
    prepare,
    scans,
    while_writer_waits,
)
from tests.rules.test_rule_pages import _FENCE, _files, _header, _sections

ROOT = Path(__file__).resolve().parents[2]
_CLAIM = re.compile(r"^-- (locks|holds|fails|rewrites|keeps|queues|scans|no scan): (.+)$", re.M)
_BEHIND = re.compile(r"^(\w+) behind a reader of (\w+)$")
_LOCK = re.compile(r"([A-Z ]+?) on (\w+)")


def _statements(path: str, text: str) -> list[tuple[int, str]]:
    """Each SQL statement of a file: its start offset and its text."""
    _, firsts = sql_statements(postgres.parse(SourceFile(path, text)))
    return [(s.span.start, text[s.span.start : s.span.end]) for s in firsts]


def _claims() -> list[Any]:
    cases = []
    for rule in ALL_RULES:
        if not rule.code.startswith("SL5") and rule.code != "SL004":
            continue
        page = (ROOT / "rules" / f"{rule.code}-{rule.name}.md").read_text()
        sections = _sections(page)
        for heading in ("Example", "Use instead"):
            for number, (lang, body) in enumerate(_FENCE.findall(sections[heading]), 1):
                files = _files(lang, body)
                since = int(_header(body).get("postgres", 0))
                for position, (path, text) in enumerate(files):
                    for claim in _CLAIM.finditer(text):
                        statements = _statements(path, text)
                        after = [
                            i for i, (start, _) in enumerate(statements) if start > claim.start()
                        ]
                        case_id = f"{rule.code}-{heading.replace(' ', '-').lower()}-{number}-{claim.group(2)}"
                        cases.append(
                            pytest.param(
                                since,
                                files[:position],
                                [s for _, s in statements],
                                after[0],
                                claim.group(1),
                                claim.group(2),
                                id=case_id,
                            )
                        )
    return cases


def _tables(claim: str) -> set[str]:
    return {name.strip() for name in claim.split(",")}


def _locks(text: str) -> dict[str, str]:
    return {relation: mode.strip() for mode, relation in _LOCK.findall(text)}


@pytest.mark.postgres
@pytest.mark.parametrize(("since", "earlier", "statements", "index", "kind", "claim"), _claims())
def test_the_database_does_what_the_page_says(
    postgres_any: Cluster,
    since: int,
    earlier: list[tuple[str, str]],
    statements: list[str],
    index: int,
    kind: str,
    claim: str,
) -> None:
    cluster = postgres_any
    if cluster.major_version < since:
        pytest.skip(f"the example is written for PostgreSQL {since} and later")
    setup = "".join(text for _, text in earlier)
    statement = statements[index]
    database = "page_claim"
    if kind == "holds":
        prepare(cluster, database, setup)
        outcome = in_transaction(cluster, database, statements[: index + 1])
        assert outcome.error is None
        wanted = _locks(claim)
        assert {r: outcome.locks.get(r) for r in wanted} == wanted
        return
    behind = _BEHIND.match(claim)
    if kind == "queues" or behind:
        prepare(cluster, database, setup)
        table = behind.group(2) if behind else claim
        patience = 10.0 if behind else 0.0
        outcome = behind_a_reader(
            cluster, database, statements[: index + 1], table, patience=patience
        )
        if behind:
            assert outcome.error is not None and outcome.error.split(":")[0] == behind.group(1)
        else:
            assert (outcome.waited, outcome.readers_blocked, outcome.error) == (True, True, None)
        return
    if kind == "fails":
        prepare(cluster, database, setup)
        # Everything before it succeeds: it is this statement that fails.
        assert in_transaction(cluster, database, statements[:index]).error is None
        assert in_transaction(cluster, database, statements[: index + 1]).sqlstate == claim
        if len(statements) > 1:
            found = as_one_query(cluster, database, statements)
            assert found is not None and found.split(":")[0] == claim
        return
    prepare(cluster, database, setup + "".join(f"{s};\n" for s in statements[:index]))
    if kind in ("scans", "no scan"):
        tables = _tables(claim)
        scanned = {table for table in tables if scans(cluster, database, statement, table)}
        assert scanned == (tables if kind == "scans" else set())
        return
    wanted = _locks(claim)
    if "CONCURRENTLY" in statement.upper():
        seen = while_writer_waits(cluster, database, statement, next(iter(wanted)))
        assert (seen.error, seen.writes_blocked) == (None, False)
        assert {r: seen.locks.get(r) for r in wanted} == wanted
        return
    outcome = in_transaction(cluster, database, [statement])
    assert outcome.error is None
    if kind in ("rewrites", "keeps"):
        tables = _tables(claim)
        assert (tables & outcome.rewritten) == (tables if kind == "rewrites" else set())
        return
    assert {r: outcome.locks.get(r) for r in wanted} == wanted
