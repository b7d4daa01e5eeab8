"""A regression is reported in the migration that makes it (issue: judge the change where it is
made): after the bundled example's history, a new migration that takes a protection away is
reported at that statement by ``check FILE``, by ``--diff`` and by the pre-commit hook."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from trees import write_tree

from .conftest import git, init_repo, invoke
from .test_cli_precommit import _require_pre_commit, _try_repo, hook_report

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "supabase"
MIGRATIONS = "supabase/migrations"
NEW = f"{MIGRATIONS}/20240301000000_regression.sql"
CHALLENGES = f"{MIGRATIONS}/20240109101500_challenges.sql"
SUBMISSIONS = f"{MIGRATIONS}/20240116143000_submissions.sql"
ORGANIZATIONS = f"{MIGRATIONS}/20240102090500_organizations_and_workspaces.sql"
SESSIONS = f"{MIGRATIONS}/20240130094500_user_sessions.sql"
LEADERBOARD = f"{MIGRATIONS}/20240206120000_leaderboard.sql"


def _line(path: str, text: str) -> int:
    """The line of the example's ``path`` (under ``supabase/``) that holds ``text``."""
    lines = (EXAMPLE.parent / path).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


SL102_CHALLENGES = (
    "SL102",
    "Table `challenges` is in the exposed schema `public` without row level security",
)
# Each statement of the issue: the findings it makes, (code, message, where it is defined).
CASES: dict[str, list[tuple[str, str, str]]] = {
    "DROP INDEX public.submissions_workspace_id_idx;\n": [
        (
            "SL201",
            "Foreign key `workspace_id` on `submissions` (referencing `workspaces`) has no index",
            f"{SUBMISSIONS}:5:30",
        )
    ],
    "ALTER TABLE public.challenges DISABLE ROW LEVEL SECURITY;\n": [
        (*SL102_CHALLENGES, f"{CHALLENGES}:3:14"),
        (
            "SL104",
            "Policy `Members can view challenges` on `challenges` has no effect: row level "
            "security is not enabled",
            f"{CHALLENGES}:31:1",
        ),
    ],
    'DROP POLICY "Members can view their organizations" ON public.organizations;\n': [
        (
            "SL103",
            "Table `organizations` enables row level security but has no policy",
            f"{ORGANIZATIONS}:3:14",
        )
    ],
    "ALTER TABLE public.user_sessions DROP COLUMN workspace_id;\n": [
        (
            "SL101",
            "Table `user_sessions` has no tenant column (`organization_id` or `workspace_id`)",
            f"{SESSIONS}:3:14",
        )
    ],
}
IDS = ["drop-index", "disable-rls", "drop-last-policy", "drop-tenant-column"]
# The rules whose findings move (a plain DROP INDEX is also SL502, a change rule, a warning).
SCHEMA_RULES = "SL101,SL102,SL103,SL104,SL201"


def _expected(statement: str, path: str = NEW) -> list[tuple[Any, ...]]:
    end = len(statement.rstrip("\n;")) + 1
    return [
        (code, path, 1, 1, 1, end, message, [("defined here", defined)])
        for code, message, defined in CASES[statement]
    ]


def _found(stdout: str) -> list[tuple[Any, ...]]:
    return [
        (
            f["code"],
            f["path"],
            f["line"],
            f["column"],
            f["end_line"],
            f["end_column"],
            f["message"],
            [
                (r["message"], f"{r['path']}:{r['line']}:{r['column']}")
                for r in f.get("related", [])
            ],
        )
        for f in json.loads(stdout)["findings"]
    ]


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled example's Supabase history, committed in a new git repository."""
    shutil.copytree(EXAMPLE, tmp_path / "supabase")
    init_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "PRE_COMMIT", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.mark.parametrize("statement", CASES, ids=IDS)
def test_check_file_reports_the_regression_at_its_statement(example: Path, statement: str) -> None:
    write_tree(example, {NEW: statement})

    result = invoke(["check", NEW, "--format", "json", "--select", SCHEMA_RULES])

    assert result.exit_code == (0 if CASES[statement][0][0] in ("SL201", "SL103") else 1)
    assert _found(result.stdout) == _expected(statement)


@pytest.mark.parametrize("statement", CASES, ids=IDS)
def test_diff_reports_the_regression_at_its_statement(example: Path, statement: str) -> None:
    write_tree(example, {NEW: statement})
    git(example, "add", NEW)
    git(example, "commit", "-q", "-m", "regression")

    result = invoke(["check", "--diff", "HEAD~1", "--format", "json", "--select", SCHEMA_RULES])

    assert _found(result.stdout) == _expected(statement)


def test_check_file_text_shows_where_the_table_is_defined(example: Path) -> None:
    statement = "ALTER TABLE public.challenges DISABLE ROW LEVEL SECURITY;\n"
    write_tree(example, {NEW: statement})

    result = invoke(["check", NEW, "--select", "SL102"])

    assert result.stdout.splitlines()[:4] == [
        f"{NEW}:1:1: SL102 [error] {SL102_CHALLENGES[1]}",
        "1 | ALTER TABLE public.challenges DISABLE ROW LEVEL SECURITY;",
        "  | " + "^" * 56,
        f"note: defined here: {CHALLENGES}:3:14",
    ]


def test_full_history_places_each_finding_at_the_statement_that_made_it(example: Path) -> None:
    for number, statement in enumerate(CASES):
        write_tree(example, {f"{MIGRATIONS}/2024030{number + 1}000000_change.sql": statement})

    result = invoke(["check", ".", "--format", "json", "--select", "SL101,SL102,SL103,SL104,SL201"])

    expected = [
        ("SL201", SUBMISSIONS, 6, 30),  # challenge_id: born without an index
        ("SL101", f"{MIGRATIONS}/20240123110000_submission_comments.sql", 3, 14),
        ("SL102", SESSIONS, 3, 14),  # born without RLS
        ("SL103", LEADERBOARD, _line(LEADERBOARD, "leaderboard_entries ENABLE"), 1),
    ]
    for number, statement in enumerate(CASES):
        path = f"{MIGRATIONS}/2024030{number + 1}000000_change.sql"
        expected += [(f[0], f[1], f[2], f[3]) for f in _expected(statement, path)]
    assert [f[:4] for f in _found(result.stdout)] == expected


def _fingerprints(stdout: str) -> dict[tuple[str, str], str]:
    return {(f["code"], f["path"]): f["fingerprint"] for f in json.loads(stdout)["findings"]}


def test_fingerprint_is_unchanged_when_unrelated_migrations_are_added_before(
    example: Path,
) -> None:
    write_tree(example, {NEW: "ALTER TABLE public.challenges DISABLE ROW LEVEL SECURITY;\n"})
    before = _fingerprints(invoke(["check", NEW, "--format", "json"]).stdout)
    write_tree(
        example,
        {
            f"{MIGRATIONS}/20240225000000_tags.sql": (
                "CREATE TABLE public.tags (id uuid PRIMARY KEY, organization_id uuid NOT NULL,"
                " deleted_at timestamptz);\nALTER TABLE public.tags ENABLE ROW LEVEL SECURITY;\n"
                "ALTER TABLE public.challenges ENABLE ROW LEVEL SECURITY;\n"
            ),
            NEW: "-- challenges are public now\n\n"
            "ALTER TABLE public.challenges DISABLE ROW LEVEL SECURITY;\n",
        },
    )

    after = _fingerprints(invoke(["check", NEW, "--format", "json"]).stdout)

    assert sorted(before) == [("SL102", NEW), ("SL104", NEW)]
    assert after == before


def _previous_fingerprint(path: str, snippet: str, code: str, message: str) -> str:
    """The fingerprint schemalint gave before findings moved: sha256 of the rule, the path as
    typed, the text at the definition and the message, and the occurrence (0)."""
    payload = "\0".join((code, path, snippet, message, "0")).encode()
    return hashlib.sha256(payload).hexdigest()[:32]


def _old_baseline(path: str, snippet: str, code: str, message: str) -> str:
    entry = {
        "code": code,
        "fingerprint": _previous_fingerprint(path, snippet, code, message),
        "message": message,
        "path": path,
    }
    return json.dumps({"version": 1, "findings": [entry]})


@pytest.mark.parametrize(
    "entry_path",
    [CHALLENGES, CHALLENGES.removeprefix("supabase/")],
    ids=["written-at-the-root", "written-in-a-subfolder"],
)
def test_an_old_baseline_still_hides_a_finding_that_moved(example: Path, entry_path: str) -> None:
    # Before: SL102 at the CREATE TABLE (challenges.sql:3:14); now at the DISABLE.
    write_tree(example, {NEW: "ALTER TABLE public.challenges DISABLE ROW LEVEL SECURITY;\n"})
    baseline = _old_baseline(entry_path, "public.challenges", *SL102_CHALLENGES)
    write_tree(example, {"old-baseline.json": baseline})

    result = invoke(["check", NEW, "--select", "SL102", "--baseline", "old-baseline.json"])

    assert result.exit_code == 0
    assert result.stdout == "No findings.\n"
    assert result.stderr == ""

    rewritten = invoke(["check", NEW, "--select", "SL102", "--write-baseline", "new.json"])
    assert rewritten.exit_code == 0
    entries = json.loads((example / "new.json").read_text())["findings"]
    assert [(e["path"], e["code"]) for e in entries] == [(NEW, "SL102")]


def test_a_foreign_key_in_a_context_file_is_an_exact_related_location(example: Path) -> None:
    statement = "DROP INDEX public.submissions_workspace_id_idx;\n"
    write_tree(example, {NEW: statement})
    [(code, message, _)] = CASES[statement]
    # What schemalint reported before the move: SL201 at the REFERENCES clause, 9747f5a8...
    old = _old_baseline(SUBMISSIONS, "REFERENCES public.workspaces (id)", code, message)
    assert json.loads(old)["findings"][0]["fingerprint"] == "9747f5a8dcbda806669ebd47181da0cf"
    write_tree(example, {"old-baseline.json": old})

    found = json.loads(invoke(["check", NEW, "--format", "json", "--select", "SL201"]).stdout)[
        "findings"
    ]
    hidden = invoke(["check", NEW, "--select", "SL201", "--baseline", "old-baseline.json"])

    assert found[0]["related"] == [
        {
            "message": "defined here",
            "path": SUBMISSIONS,
            "line": 5,
            "column": 30,
            "end_line": 5,
            "end_column": 63,
        }
    ]
    assert hidden.exit_code == 0
    assert hidden.stdout == "No findings.\n"


def test_untracked_migration_is_not_context_under_pre_commit(example: Path) -> None:
    staged = f"{MIGRATIONS}/20240301000000_tags.sql"
    untracked = f"{MIGRATIONS}/20240302000000_tags_rls.sql"
    write_tree(
        example,
        {
            staged: "CREATE TABLE public.tags (id uuid PRIMARY KEY, organization_id uuid NOT NULL,"
            " deleted_at timestamptz);\n",
            untracked: "ALTER TABLE public.tags ENABLE ROW LEVEL SECURITY;\n",
        },
    )
    git(example, "add", staged)
    message = "Table `tags` is in the exposed schema `public` without row level security"
    reported = [("SL102", staged, 1, 14, 1, 25, message, [])]

    under_hook = invoke(
        ["check", staged, "--format", "json", "--select", "SL102"], env={"PRE_COMMIT": "1"}
    )
    explicit = invoke(
        ["check", staged, "--format", "json", "--select", "SL102", "--context", "git"]
    )
    worktree = invoke(["check", staged, "--format", "json", "--select", "SL102"])

    assert _found(under_hook.stdout) == reported
    assert _found(explicit.stdout) == reported
    assert _found(worktree.stdout) == []


def test_paths_from_a_subfolder(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(example, {NEW: "ALTER TABLE public.challenges DISABLE ROW LEVEL SECURITY;\n"})
    at_root = invoke(["check", NEW, "--select", "SL102", "--write-baseline", "baseline.json"])
    assert at_root.exit_code == 0
    root_json = _fingerprints(invoke(["check", NEW, "--format", "json"]).stdout)
    monkeypatch.chdir(example / "supabase")
    here = NEW.removeprefix("supabase/")

    text = invoke(["check", here, "--select", "SL102"])
    sarif = json.loads(invoke(["check", here, "--select", "SL102", "--format", "sarif"]).stdout)
    gitlab = json.loads(invoke(["check", here, "--select", "SL102", "--format", "gitlab"]).stdout)
    as_json = json.loads(invoke(["check", here, "--format", "json"]).stdout)
    github = invoke(["check", here, "--select", "SL102", "--format", "github"])
    hidden = invoke(["check", here, "--select", "SL102", "--baseline", "../baseline.json"])

    assert text.stdout.splitlines()[:4] == [
        f"{here}:1:1: SL102 [error] {SL102_CHALLENGES[1]}",
        "1 | ALTER TABLE public.challenges DISABLE ROW LEVEL SECURITY;",
        "  | " + "^" * len("ALTER TABLE public.challenges DISABLE ROW LEVEL SECURITY"),
        f"note: defined here: {CHALLENGES.removeprefix('supabase/')}:3:14",
    ]
    run = sarif["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == example.resolve().as_uri() + "/"
    [result] = run["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": NEW,
        "uriBaseId": "%SRCROOT%",
    }
    related = result["relatedLocations"][0]
    assert related["message"] == {"text": "defined here"}
    assert related["physicalLocation"]["artifactLocation"]["uri"] == CHALLENGES
    assert related["physicalLocation"]["region"]["startLine"] == 3
    assert [(i["location"]["path"], i["location"]["lines"]["begin"]) for i in gitlab] == [(NEW, 1)]
    assert github.stdout.startswith(f"::error file={NEW},line=1,col=1,")
    fingerprints = {(f["code"], f["fingerprint"]) for f in as_json["findings"]}
    assert fingerprints == {(code, fp) for (code, _), fp in root_json.items()}
    assert hidden.exit_code == 0
    assert hidden.stdout == "No findings.\n"


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit home for the four runs: on a clean checkout they share one environment."""
    return tmp_path_factory.mktemp("pre-commit-home")


# Whole lines of the other findings of a statement (all runs select every rule there).
ALSO = {
    "DROP INDEX public.submissions_workspace_id_idx;\n": [
        f"{NEW}:1:1: SL502 [warning] `DROP INDEX` without `CONCURRENTLY` blocks reads and "
        "writes of `submissions`"
    ],
    "ALTER TABLE public.user_sessions DROP COLUMN workspace_id;\n": [
        f"{NEW}:1:46: SL508 [warning] Column `user_sessions.workspace_id` is dropped while "
        "running code may still use it"
    ],
}


@pytest.mark.parametrize("statement", CASES, ids=IDS)
def test_pre_commit_hook_reports_the_regression_at_its_statement(
    tmp_path: Path, pre_commit_home: Path, statement: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _require_pre_commit()
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project / "supabase")
    init_repo(project)
    # Work in progress that would hide nothing, and is not what gets committed.
    write_tree(project, {f"{MIGRATIONS}/20240401000000_wip.sql": "SELECT 1;\n"})
    write_tree(project, {NEW: statement})
    git(project, "add", NEW)

    # _try_repo runs --verbose: pre-commit shows a passing hook's output (warnings) too.
    ran = _try_repo(project, pre_commit_home, NEW)

    failing = any(code in ("SL101", "SL102", "SL104") for code, _, _ in CASES[statement])
    assert ran.returncode == (1 if failing else 0), ran.stdout + ran.stderr
    status, report = hook_report(ran.stdout)
    assert status == ("Failed" if failing else "Passed")
    expected = []
    for code, message, defined in CASES[statement]:
        severity = "warning" if code in ("SL201", "SL103") else "error"
        expected += [f"{NEW}:1:1: {code} [{severity}] {message}", f"note: defined here: {defined}"]
    # The change's findings from other rules (how it runs), after those of the issue.
    expected += ALSO.get(statement, [])
    # Each finding's line and its note, whole; nothing else reported.
    assert [line for line in report.splitlines() if line.startswith((f"{NEW}:", "note:"))] == (
        expected
    )
    # And all of it is what `check` prints under the hook (the index as context).
    monkeypatch.chdir(project)
    assert report == invoke(["check", "--no-color", NEW], env={"PRE_COMMIT": "1"}).stdout


def test_prisma_migration_dropping_an_index_the_schema_declares_is_drift(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = """datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model Project {
  id             String @id @db.Uuid
  organizationId String @map("organization_id") @db.Uuid
  deletedAt      DateTime? @map("deleted_at")

  @@index([organizationId])
  @@map("projects")
}
"""
    init = (
        'CREATE TABLE "projects" ("id" UUID NOT NULL, "organization_id" UUID NOT NULL,'
        ' "deleted_at" TIMESTAMP(3), CONSTRAINT "projects_pkey" PRIMARY KEY ("id"));\n'
        'CREATE INDEX "projects_organization_id_idx" ON "projects"("organization_id");\n'
    )
    staged = "prisma/migrations/20240301000000_drop_index/migration.sql"
    write_tree(
        tmp_path,
        {
            "prisma/schema.prisma": schema,
            "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
            "prisma/migrations/20240101000000_init/migration.sql": init,
        },
    )
    init_repo(tmp_path)
    write_tree(tmp_path, {staged: 'DROP INDEX "projects_organization_id_idx";\n'})
    git(tmp_path, "add", staged)
    monkeypatch.chdir(tmp_path)

    result = invoke(
        ["check", staged, "--format", "json", "--select", "SL801"], env={"PRE_COMMIT": "1"}
    )

    assert [f[:4] + f[6:7] for f in _found(result.stdout)] == [
        (
            "SL801",
            staged,
            1,
            1,
            "This drops index `projects_organization_id_idx` on `projects`, which model "
            "`Project` (table `projects`) still declares",
        )
    ]


@pytest.mark.parametrize(
    "statement",
    [
        # user_sessions was born without RLS (SL102) and without deleted_at (SL402).
        "ALTER TABLE public.user_sessions ADD COLUMN device_label text;\n",
        "ALTER TABLE public.user_sessions DISABLE ROW LEVEL SECURITY;\n",
        # One of two indexes leading with challenges.workspace_id goes: the key stays covered.
        "DROP INDEX public.challenges_listing_idx;\n",
        # leaderboard_entries has RLS and no policy (SL103): enabling again changes nothing.
        "ALTER TABLE public.leaderboard_entries ENABLE ROW LEVEL SECURITY;\n",
    ],
    ids=["unrelated-column", "redundant-disable", "still-covered", "redundant-enable"],
)
def test_an_old_finding_the_target_does_not_change_is_not_reported_on_it(
    example: Path, statement: str
) -> None:
    write_tree(example, {NEW: statement})

    result = invoke(["check", NEW, "--format", "json", "--select", SCHEMA_RULES])

    assert (result.exit_code, _found(result.stdout)) == (0, [])
