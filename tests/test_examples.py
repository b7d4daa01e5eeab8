"""The bundled example project: valid PostgreSQL, and its README tells what schemalint reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from schemalint.cli import main
from tests.pgcluster import SUPABASE_STUB, Cluster, ClusterError

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
MIGRATIONS = EXAMPLES / "supabase" / "migrations"


def readme_mistakes() -> list[tuple[str, int, str]]:
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+):(\d+)` \| (SL\d{3}) ", text, flags=re.MULTILINE)
    return sorted((f"examples/{path}", int(line), code) for path, line, code in rows)


def test_readme_lists_exactly_the_findings_on_the_examples(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "examples"], catch_exceptions=False
    )
    findings = json.loads(result.stdout)["findings"]
    reported = sorted((f["path"], f["line"], f["code"]) for f in findings if not f["suppressed"])
    assert (result.exit_code, reported) == (1, readme_mistakes())


def test_example_migrations_apply_to_postgresql(postgres: Cluster) -> None:
    postgres.execute("postgres", "CREATE DATABASE examples")
    postgres.execute("examples", SUPABASE_STUB)
    for path in sorted(MIGRATIONS.glob("*.sql")):
        try:
            postgres.execute("examples", f"BEGIN;\n{path.read_text(encoding='utf-8')}\nCOMMIT;")
        except ClusterError as error:
            pytest.fail(f"{path.name}: {error}")
    tables = postgres.execute(
        "examples",
        "SELECT relname || ' ' || relrowsecurity FROM pg_class"
        " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY relname",
    )
    assert tables.split("\n")[:-1] == [
        "challenges true",
        "leaderboard_entries true",
        "organizations true",
        "submission_comments true",
        "submissions true",
        "user_sessions false",
        "workspace_members true",
        "workspaces true",
    ]
