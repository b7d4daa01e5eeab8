"""Every PostgreSQL migration stream under tests/scenarios/, applied to a real PostgreSQL.

The stream is what discovery hands the engine (layout order, down sections masked,
placeholders substituted), so PostgreSQL runs exactly the text schemalint replays.
A statement the frontend reports as unparsable (a scenario's deliberate SL001) is blanked,
from the ``;`` before it to its own ``;``, before psql sees it: PostgreSQL would refuse it too, and the replay skips it as well, so
both sides describe the schema the remaining statements build.

Supabase platform schemas are stubbed (``auth`` by pgcluster's stub, plus ``extensions`` and
``storage`` here) and ``storage`` tables are left out of the comparison: they belong to the
platform, the replay only records policies on them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pglast.parser import scan

from schemalint import ir
from schemalint.catalog.model import Catalog
from schemalint.catalog.replay import apply
from schemalint.inputs.discovery import Stream, discover
from schemalint.source import SourceFile
from schemalint.tools.dialects import POSTGRES
from tests.groundtruth.snapshot import Snapshot, diff, from_catalog, from_database
from tests.pgcluster import SUPABASE_STUB, Cluster

SCENARIOS = Path(__file__).parent.parent / "scenarios"

PLATFORM_STUB = """
CREATE SCHEMA extensions;
CREATE SCHEMA storage;
CREATE TABLE storage.buckets (id text PRIMARY KEY, name text NOT NULL, public boolean);
CREATE TABLE storage.objects (
  id uuid PRIMARY KEY, bucket_id text REFERENCES storage.buckets (id), name text, owner uuid
);
ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION storage.foldername(name text) RETURNS text[] LANGUAGE sql IMMUTABLE
  AS $$ SELECT string_to_array(name, '/') $$;
"""
PLATFORM_SCHEMAS = ("storage.",)

# "<scenario>" -> {"<schema.table>.<part>": why the replay cannot agree with PostgreSQL there}
KNOWN_DIFFERENCES: dict[str, dict[str, str]] = {}


def postgres_streams(case: Path) -> list[Stream]:
    found = discover([Path()], cwd=case)
    return [s for s in found.streams if s.dialect is POSTGRES]


def runnable_text(source: SourceFile, statements: list[ir.Statement]) -> str:
    """The masked text with every unparsable statement blanked (line breaks kept).

    The finding points at the offending token; the whole statement around it, from the
    ``;`` before to the ``;`` after (pglast's scanner tokens, str offsets), goes.
    """
    text = source.masked
    semicolons = [t.start for t in scan(text) if t.name == "ASCII_59"]
    for statement in statements:
        if isinstance(statement, ir.Unparsable):
            at = statement.span.start
            start = max((s + 1 for s in semicolons if s < at), default=0)
            end = min((s + 1 for s in semicolons if s >= at), default=len(text))
            blank = "".join(c if c in "\r\n" else " " for c in text[start:end])
            text = text[:start] + blank + text[end:]
    return text


def without_platform(snapshot: Snapshot) -> Snapshot:
    return {k: v for k, v in snapshot.items() if not k.startswith(PLATFORM_SCHEMAS)}


CASES = sorted(
    (case, index)
    for case in SCENARIOS.iterdir()
    if (case / "expected.txt").exists()
    for index, _ in enumerate(postgres_streams(case))
)


@pytest.mark.postgres
@pytest.mark.parametrize(("case", "stream_index"), CASES, ids=[f"{c.name}-{i}" for c, i in CASES])
def test_scenario_history_replays_like_postgres(
    postgres: Cluster, case: Path, stream_index: int
) -> None:
    from schemalint.frontends.postgres import frontend

    stream = postgres_streams(case)[stream_index]
    database = f"sc_{case.name}_{stream_index}".replace("-", "_")
    postgres.create_database(database, SUPABASE_STUB + PLATFORM_STUB)
    catalog = Catalog()
    scripts = []
    for source in stream.files:
        statements = list(frontend.parse(source))
        for statement in statements:
            apply(catalog, statement)
        scripts.append(runnable_text(source, statements))
    # One session for the whole stream, as migration tools keep one connection: a
    # SET search_path in one file still holds in the next.
    result = postgres.psql(database, stdin="\n".join(scripts))
    assert result.returncode == 0, result.stderr

    differences = diff(
        without_platform(from_database(postgres, database, dependencies=True)),
        without_platform(from_catalog(catalog, dependencies=True)),
    )

    known = KNOWN_DIFFERENCES.get(case.name, {})
    unexplained = [d for d in differences if d.split(":", 1)[0] not in known]
    assert unexplained == [], "\n".join(unexplained)
    assert sorted(d.split(":", 1)[0] for d in differences) == sorted(known)
