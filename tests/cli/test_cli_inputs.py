"""What a run takes as input: files git ignores, and a run that finds nothing to lint."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import MIGRATIONS, git, invoke
from tests.trees import write_tree

LOCAL = f"{MIGRATIONS}/20240301000000_local.sql"
LOCAL_SQL = "DELETE FROM public.projects;\n"


def _ignore_local(project: Path) -> None:
    git(project, "init", "-q")
    write_tree(project, {".gitignore": f"{MIGRATIONS}/*_local.sql\n", LOCAL: LOCAL_SQL})


def test_a_file_git_ignores_is_not_linted_in_a_folder_run(project: Path) -> None:
    _ignore_local(project)
    result = invoke(["check", "--select", "SL401", "--format", "json"])
    assert (result.exit_code, result.stderr) == (0, "")
    found = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["path"], f["line"], f["column"], f["suppressed"]) for f in found] == [
        ("SL401", f"{MIGRATIONS}/20240201000000_names.sql", 3, 1, True)
    ]


def test_a_file_git_ignores_is_linted_when_named_explicitly(project: Path) -> None:
    _ignore_local(project)
    result = invoke(["check", "--select", "SL401", "--format", "json", LOCAL])
    found = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["path"], f["line"], f["column"], f["message"]) for f in found] == [
        ("SL401", LOCAL, 1, 1, "`DELETE` hard-deletes rows of `public.projects`")
    ]
    assert result.exit_code == 1


def test_a_tracked_file_is_linted_even_when_a_gitignore_pattern_matches_it(project: Path) -> None:
    _ignore_local(project)
    git(project, "add", "-f", LOCAL)
    result = invoke(["check", "--select", "SL401", "--format", "json"])
    found = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["line"], f["column"]) for f in found] == [
        (f"{MIGRATIONS}/20240201000000_names.sql", 3, 1),
        (LOCAL, 1, 1),
    ]


def test_outside_a_repository_nothing_is_ignored(project: Path) -> None:
    write_tree(project, {".gitignore": "*.sql\n"})
    result = invoke(["check", "--select", "SL301", "--format", "json"])
    found = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["line"], f["column"]) for f in found] == [("SL301", 1, 42)]


def test_a_run_with_nothing_to_lint_says_so_and_sarif_still_lists_the_rules(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("nothing here\n", encoding="utf-8")
    result = invoke(["check", "--format", "sarif", str(empty)])
    assert (result.exit_code, result.stderr) == (
        0,
        f"schemalint: no migration or schema found in {empty}\n",
    )
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [
        "SL001", "SL002", "SL003", "SL004", "SL101", "SL102", "SL103", "SL104", "SL105",
        "SL106", "SL107", "SL108", "SL201", "SL301", "SL401", "SL402", "SL403", "SL501",
        "SL502", "SL503", "SL504", "SL505", "SL506", "SL507", "SL508", "SL601", "SL602",
        "SL603", "SL604", "SL605", "SL606", "SL607", "SL608", "SL609", "SL701",
    ]  # fmt: skip


def test_a_run_whose_only_migrations_git_ignores_says_so(project: Path) -> None:
    git(project, "init", "-q")
    write_tree(project, {".gitignore": "supabase/\n"})
    result = invoke(["check"])
    assert (result.exit_code, result.stderr) == (
        0,
        "schemalint: no migration or schema found in .\n",
    )
