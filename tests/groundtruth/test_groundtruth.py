"""Replay each history and apply it to a real PostgreSQL; both schemas must agree.

A difference is either a replay bug (fix it) or a deliberate limitation, listed in
``KNOWN_DIFFERENCES`` with its reason. The test pins that set exactly, so a fixed
limitation shows up as a failure too, and gets removed from the list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pgcluster import SUPABASE_STUB, Cluster
from schemalint.catalog.model import Catalog
from schemalint.catalog.replay import apply
from schemalint.source import SourceFile

from .snapshot import diff, from_catalog, from_database

HISTORIES = Path(__file__).parent / "histories"

# "<schema.table>.<part>" -> why the replay cannot agree with PostgreSQL there.
KNOWN_DIFFERENCES: dict[str, dict[str, str]] = {
    "names": {
        "public.t.indexes": "PostgreSQL names an expression key after its expression "
        "(`t_expr_idx` for `(a + b)`, but `t_abs_idx` for `abs(a)`); the IR only says "
        "'expression', so the replay names a function-call key `t_expr_idx` too",
    },
}


def history_files(name: str) -> list[Path]:
    return sorted((HISTORIES / name).glob("*.sql"))


def replayed(files: list[Path]) -> Catalog:
    from schemalint.frontends import postgres as frontend

    catalog = Catalog()
    for path in files:
        source = SourceFile(path.name, path.read_text(encoding="utf-8"))
        for statement in frontend.parse(source):
            apply(catalog, statement)
    return catalog


@pytest.mark.postgres
@pytest.mark.parametrize("history", sorted(p.name for p in HISTORIES.iterdir() if p.is_dir()))
def test_replayed_history_matches_postgres(postgres: Cluster, history: str) -> None:
    files = history_files(history)
    database = f"gt_{history}"
    postgres.create_database(database, SUPABASE_STUB)
    # One psql session for the whole history, as migration tools keep one connection:
    # a SET search_path in one file still holds in the next.
    result = postgres.psql(database, *(arg for f in files for arg in ("-f", str(f))))
    assert result.returncode == 0, result.stderr

    differences = diff(from_database(postgres, database), from_catalog(replayed(files)))

    known = KNOWN_DIFFERENCES.get(history, {})
    unexplained = [d for d in differences if d.split(":", 1)[0] not in known]
    assert unexplained == [], "\n".join(unexplained)
    assert sorted(d.split(":", 1)[0] for d in differences) == sorted(known)
