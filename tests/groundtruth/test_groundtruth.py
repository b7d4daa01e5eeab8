"""Replay each history and apply it to a real PostgreSQL; both schemas must agree.

A history folder is read the way ``schemalint check`` reads it (``discover``): Prisma's
folder-per-migration layout and Flyway's version order (V2 before V10, repeatables last)
are ordered by their layout, so PostgreSQL runs the files in the order the replay does.

A difference is either a replay bug (fix it) or a deliberate limitation, listed in
``KNOWN_DIFFERENCES`` with its reason. The test pins that set exactly, so a fixed
limitation shows up as a failure too, and gets removed from the list.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from schemalint.catalog.model import Catalog
from schemalint.catalog.replay import apply
from schemalint.inputs.discovery import discover
from schemalint.source import SourceFile
from tests.groundtruth.snapshot import diff, from_catalog, from_database
from tests.pgcluster import SUPABASE_STUB, Cluster

HISTORIES = Path(__file__).parent / "histories"

# "<schema.table>.<part>" -> why the replay cannot agree with PostgreSQL there.
KNOWN_DIFFERENCES: dict[str, dict[str, str]] = {}


def history_files(folder: Path) -> tuple[SourceFile, ...]:
    """The one migration stream of a history folder, in its layout's order."""
    (stream,) = discover([Path()], cwd=folder).streams
    return stream.files


def replayed(files: tuple[SourceFile, ...]) -> Catalog:
    from schemalint.frontends.postgres import frontend

    catalog = Catalog()
    for source in files:
        for statement in frontend.parse(source):
            apply(catalog, statement)
    return catalog


def unexplained_differences(postgres: Cluster, folder: Path, database: str) -> list[str]:
    """Apply the history in ``folder`` to a fresh database and compare it with the replay.

    The SQL goes to psql on stdin, never as ``-f <path>``: as root the server's tools run as
    the ``postgres`` user, who may not be able to read the checkout (a private home folder,
    a ``mktemp -d`` clone).
    """
    files = history_files(folder)
    postgres.create_database(database, SUPABASE_STUB)
    # One psql session for the whole history, as migration tools keep one connection:
    # a SET search_path in one file still holds in the next.
    script = "\n".join((folder / f.path).read_text(encoding="utf-8") for f in files)
    result = postgres.psql(database, stdin=script)
    assert result.returncode == 0, result.stderr

    differences = diff(
        from_database(postgres, database, dependencies=True),
        from_catalog(replayed(files), dependencies=True),
    )
    known = KNOWN_DIFFERENCES.get(folder.name, {})
    assert sorted(d.split(":", 1)[0] for d in differences if d.split(":", 1)[0] in known) == sorted(
        known
    )
    return [d for d in differences if d.split(":", 1)[0] not in known]


@pytest.mark.postgres
@pytest.mark.parametrize("history", sorted(p.name for p in HISTORIES.iterdir() if p.is_dir()))
def test_replayed_history_matches_postgres(postgres_any: Cluster, history: str) -> None:
    unexplained = unexplained_differences(postgres_any, HISTORIES / history, f"gt_{history}")
    assert unexplained == [], "\n".join(unexplained)


@pytest.mark.postgres
def test_the_oracle_runs_from_a_folder_only_its_owner_can_read(
    postgres: Cluster, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # A clone in a private folder: the server's user cannot read a file in it.
    private = tmp_path_factory.mktemp("private-checkout")
    private.chmod(0o700)
    folder = private / "supabase"
    shutil.copytree(HISTORIES / "supabase", folder)
    if postgres.run_as is not None:
        denied = subprocess.run(
            ["runuser", "-u", postgres.run_as, "--", "ls", str(folder)],
            capture_output=True,
            check=False,
        )
        assert denied.returncode != 0, "the folder should be unreadable to the server's user"

    unexplained = unexplained_differences(postgres, folder, "gt_private_supabase")

    assert unexplained == [], "\n".join(unexplained)
