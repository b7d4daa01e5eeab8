"""A small Supabase project to run the command line on, and a helper to invoke it."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from schemalint.cli import main
from tests.trees import write_tree

MIGRATIONS = "supabase/migrations"
INIT = f"{MIGRATIONS}/20240101000000_init.sql"
NAMES = f"{MIGRATIONS}/20240201000000_names.sql"

INIT_SQL = """CREATE TABLE public.organizations (
  id uuid PRIMARY KEY
);
ALTER TABLE public.organizations ENABLE ROW LEVEL SECURITY;
CREATE POLICY org_read ON public.organizations FOR SELECT USING (true);

CREATE TABLE public.projects (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES public.organizations (id),
  name text,
  deleted_at timestamptz
);
ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY project_read ON public.projects FOR SELECT USING (organization_id = auth_org());
"""
NAMES_SQL = """ALTER TABLE public.projects ALTER COLUMN name SET NOT NULL;
-- schemalint-ignore SL401: the seed row is test data
DELETE FROM public.projects WHERE name = 'seed';
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two migrations: an unindexed FK (SL201, warning, fixable), SET NOT NULL without backfill
    (SL301, error) and a suppressed DELETE; the working directory is the project root."""
    write_tree(tmp_path, {INIT: INIT_SQL, NAMES: NAMES_SQL})
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def invoke(args: Sequence[str], env: Mapping[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def git(cwd: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )
    return completed.stdout


def init_repo(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "initial migrations")
