"""``schemalint check``: exit codes, rule selection, config, inputs, baseline, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from schemalint import __version__
from tests.cli.conftest import INIT, NAMES, invoke
from tests.trees import write_tree

# (code, path, line, column) of every finding the fixture project shows.
SL201 = ("SL201", INIT, 9, 33)
SL301 = ("SL301", NAMES, 1, 42)
SL503 = ("SL503", NAMES, 1, 42)
SL507 = ("SL507", NAMES, 1, 13)


def shown(args: list[str]) -> list[tuple[str, str, int, int]]:
    """The unsuppressed findings of ``schemalint check --format json ARGS``."""
    result = invoke(["check", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.stderr
    return [
        (f["code"], f["path"], f["line"], f["column"])
        for f in json.loads(result.stdout)["findings"]
        if not f["suppressed"]
    ]


@pytest.mark.parametrize(
    ("args", "exit_code"),
    [
        ([], 1),  # SL301 is an error; fail-on defaults to error
        (["--ignore", "SL301"], 0),  # only the SL201 warning is left
        (["--ignore", "SL301", "--fail-on", "warning"], 1),
        (["--ignore", "SL301", "--fail-on", "info"], 1),
        (
            ["--ignore", "SL301,SL201,SL503,SL507", "--fail-on", "info"],
            0,
        ),  # suppressed SL401 never fails
        (["--select", "SL201", "--fail-on", "error"], 0),
    ],
)
def test_exit_code_follows_fail_on(project: Path, args: list[str], exit_code: int) -> None:
    assert invoke(["check", *args]).exit_code == exit_code


def test_a_clean_project_exits_0_with_a_summary_line(project: Path) -> None:
    result = invoke(["check", "--select", "SL104"])

    assert (result.exit_code, result.stdout, result.stderr) == (0, "No findings.\n", "")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "SL301"], [SL301]),
        (["--select", "not-null-without-backfill"], [SL301]),
        (["--select", "Not-Null-Without-Backfill"], [SL301]),
        (["--select", "SL2"], [SL201]),
        (["--select", "sl2"], [SL201]),
        (["--select", "SL2,SL3"], [SL201, SL301]),
        (["--select", "SL2", "--select", "not-null-without-backfill"], [SL201, SL301]),
        (["--ignore", "SL3,SL5"], [SL201]),
        (["--ignore", "unindexed-foreign-key, SL301, SL503, SL507"], []),
        (["--ignore", "SL2", "--ignore", "SL301", "--ignore", "blocking-validation,SL507"], []),
        (["--select", "SL2,SL3", "--ignore", "SL201"], [SL301]),
    ],
)
def test_select_and_ignore_take_codes_names_and_prefixes(
    project: Path, args: list[str], expected: list[tuple[str, str, int, int]]
) -> None:
    assert shown(args) == expected


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_a_selector_that_names_no_rule_is_one_line_and_exit_2(project: Path, option: str) -> None:
    result = invoke(["check", option, "SL201,SL9"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f'schemalint: error: {option}: no rule has the code, name or code prefix "SL9" '
        '(did you mean "SL609"?)\n',
    )


@pytest.mark.parametrize(
    ("setting", "key", "expected"),
    [
        ('select = ["SL40l"]', "select[0]", '"SL40l" (did you mean "SL401"?)'),
        ('select = ["SL201", "SL999"]', "select[1]", '"SL999" (did you mean "SL609"?)'),
        ('select = ["SL201", "XX"]', "select[1]", '"XX" (see `schemalint rules`)'),
        ('ignore = ["hard-delet"]', "ignore[0]", '"hard-delet" (did you mean "hard-delete"?)'),
    ],
)
def test_a_config_selector_that_names_no_rule_is_one_line_and_exit_2(
    project: Path, setting: str, key: str, expected: str
) -> None:
    # Before: "No findings." and exit 0, every rule silently off.
    write_tree(project, {"pyproject.toml": f"[tool.schemalint]\n{setting}\n"})

    result = invoke(["check"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"schemalint: error: pyproject.toml: tool.schemalint.{key}: "
        f"no rule has the code, name or code prefix {expected}\n",
    )


def test_a_per_rule_table_for_no_rule_is_one_line_with_the_nearest_rule(project: Path) -> None:
    write_tree(project, {".schemalint.yaml": "rules:\n  SL40l:\n    severity: off\n"})

    result = invoke(["check"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        'schemalint: error: .schemalint.yaml: rules: unknown rule "SL40l" '
        '(did you mean "SL401"?)\n',
    )


def test_config_in_pyproject_is_found_and_the_command_line_adds_to_it(project: Path) -> None:
    write_tree(
        project, {"pyproject.toml": '[tool.schemalint]\nignore = ["SL301", "SL503", "SL507"]\n'}
    )

    assert shown([]) == [SL201]
    assert shown(["--ignore", "SL201"]) == []
    assert shown(["--fail-on", "warning"]) == [SL201]
    assert invoke(["check", "--fail-on", "warning"]).exit_code == 1


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "bad.toml",
            "[tool.schemalint]\nignore = [\n",
            "bad.toml:2: invalid TOML: Invalid value",
        ),
        (
            "lint.yaml",
            "fail-on: sometimes\n",
            'lint.yaml: fail-on: expected one of error, warning, info, got "sometimes"',
        ),
        (
            "lint.yaml",
            "rules:\n  SL201:\n    severity: loud\n",
            'lint.yaml: rules.SL201.severity: expected one of error, warning, info, off, got "loud"',
        ),
        ("lint.ini", "", "lint.ini: expected a .toml, .yaml or .yml file"),
    ],
)
def test_a_bad_config_file_is_one_line_on_stderr_and_exit_2(
    project: Path, name: str, text: str, message: str
) -> None:
    write_tree(project, {name: text})

    result = invoke(["check", "--config", name])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"schemalint: error: {message}\n",
    )


def test_a_missing_config_file_is_one_line_and_exit_2(project: Path) -> None:
    result = invoke(["check", "--config", "nowhere.yaml"])

    assert (result.exit_code, result.stderr) == (
        2,
        "schemalint: error: nowhere.yaml: config file not found\n",
    )


def test_a_nonexistent_path_is_one_line_and_exit_2(project: Path) -> None:
    result = invoke(["check", "supabase", "migrationz"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "schemalint: error: migrationz: no such file or directory\n",
    )


MYSQL = "CREATE TABLE `events` (id int PRIMARY KEY, organization_id int NOT NULL);\n"


def test_dialect_chooses_the_parser(project: Path) -> None:
    write_tree(project, {"mysql/001_events.sql": MYSQL})

    assert shown(["--select", "SL001", "mysql"]) == [("SL001", "mysql/001_events.sql", 1, 14)]
    assert shown(["--select", "SL001", "--dialect", "mysql", "mysql"]) == []
    assert shown(["--dialect", "mysql", "--select", "SL101,SL402", "mysql"]) == [
        ("SL402", "mysql/001_events.sql", 1, 14)
    ]


def test_verbose_says_which_rules_ran_on_which_input(project: Path) -> None:
    write_tree(
        project,
        {"prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n  url = ""\n}\n'},
    )

    result = invoke(["check", "--verbose", "--select", "SL1,SL301", "--format", "gitlab"])

    assert result.exit_code == 1
    assert result.stderr == (
        "schemalint: supabase/migrations: 2 files, tool supabase\n"
        "schemalint:   dialect: PostgreSQL (the default)\n"
        "schemalint:   runner: The Supabase CLI (newest): each file in its own transaction; "
        "non-transactional statements run alone\n"
        "schemalint:   PostgreSQL version: not set (set postgres-version to name it)\n"
        "schemalint:   exposed schemas: public, graphql_public (the Supabase default)\n"
        "schemalint: prisma schema prisma: Prisma's default location prisma/schema.prisma\n"
        "schemalint: supabase/migrations (supabase): ran SL101, SL102, SL103, SL104, SL105, "
        "SL106, SL107, SL108, SL301\n"
        "schemalint: prisma (prisma schema): ran SL101, SL105, SL106, SL107\n"
    )


def test_write_baseline_then_baseline_fails_only_on_new_findings(project: Path) -> None:
    # Adoption in one command: record today's findings, exit 0.
    adopted = invoke(["check", "--write-baseline", "schemalint-baseline.json"])
    assert (adopted.exit_code, adopted.stderr) == (
        0,
        "schemalint: wrote 4 findings to the baseline schemalint-baseline.json\n",
    )
    recorded = json.loads((project / "schemalint-baseline.json").read_text(encoding="utf-8"))
    assert [(e["code"], e["path"]) for e in recorded["findings"]] == [
        SL201[:2],
        SL301[:2],
        SL503[:2],
        SL507[:2],
    ]

    clean = invoke(["check", "--baseline", "schemalint-baseline.json"])
    assert (clean.exit_code, clean.stdout, clean.stderr) == (0, "No findings (1 suppressed).\n", "")

    # A new migration: only its finding fails; lines moving above old ones change nothing.
    write_tree(
        project,
        {
            "supabase/migrations/20240301000000_owner.sql": (
                "ALTER TABLE public.projects ADD COLUMN owner uuid NOT NULL;\n"
            ),
            INIT: "-- the first migration\n\n" + (project / INIT).read_text(encoding="utf-8"),
        },
    )
    assert shown(["--baseline", "schemalint-baseline.json"]) == [
        ("SL507", "supabase/migrations/20240301000000_owner.sql", 1, 13),
        ("SL301", "supabase/migrations/20240301000000_owner.sql", 1, 40),
    ]
    assert invoke(["check", "--baseline", "schemalint-baseline.json"]).exit_code == 1


@pytest.mark.parametrize(
    ("args", "config", "planned"),
    [
        ([], "", (True, False)),
        (["--format", "concise"], "", (False, False)),
        (["--format", "json"], "", (False, True)),
        (["--format", "sarif"], "", (True, True)),
        (["--format", "github"], "", (False, False)),
        (["--format", "gitlab"], "", (False, True)),
        (["--format", "github", "--format", "sarif:out.sarif"], "", (True, True)),
        (["--baseline", "base.json"], "", (True, True)),
        (["--format", "concise"], 'baseline = "base.json"', (False, True)),
    ],
)
def test_a_run_plans_fixes_and_fingerprints_only_when_its_reports_or_baseline_read_them(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    config: str,
    planned: tuple[bool, bool],
) -> None:
    import schemalint.run

    invoke(["check", "--write-baseline", "base.json"])
    write_tree(project, {"pyproject.toml": f"[tool.schemalint]\n{config}\n"})
    asked: list[tuple[bool, bool]] = []
    lint = schemalint.run.lint

    def recording(*args: Any, **kwargs: Any) -> Any:
        asked.append((kwargs["fixes"], kwargs["fingerprints"]))
        return lint(*args, **kwargs)

    monkeypatch.setattr(schemalint.run, "lint", recording)
    assert invoke(["check", *args]).exit_code in (0, 1)
    assert asked == [planned]


def test_baseline_entries_that_no_longer_match_are_reported_as_stale(project: Path) -> None:
    invoke(["check", "--write-baseline", "base.json"])
    write_tree(
        project,
        {
            NAMES: "UPDATE public.projects SET name = '' WHERE name IS NULL;\n"
            + (project / NAMES).read_text(encoding="utf-8")
        },
    )

    result = invoke(["check", "--baseline", "base.json"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "No findings (1 suppressed).\n",
        "schemalint: baseline entry no longer matches: supabase/migrations/"
        "20240201000000_names.sql: SL301 Column `projects.name` is set NOT NULL without a "
        "backfill earlier in this migration\n",
    )


def test_a_broken_baseline_file_is_one_line_and_exit_2(project: Path) -> None:
    write_tree(project, {"base.json": "{"})

    result = invoke(["check", "--baseline", "base.json"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "schemalint: error: base.json: not a valid schemalint baseline: "
        "invalid JSON: Expecting property name enclosed in double quotes at line 1 column 2\n",
    )


def test_no_color_env_and_flag_keep_escape_codes_out(project: Path) -> None:
    assert "\x1b[" not in invoke(["check", "--no-color"], env={"NO_COLOR": "1"}).stdout


def test_version_prints_name_and_version() -> None:
    result = invoke(["--version"])

    assert (result.exit_code, result.stdout) == (0, f"schemalint, version {__version__}\n")


def test_python_dash_m_schemalint_runs_the_same_command_line(project: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "schemalint", "check", "--select", "SL301"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert (completed.returncode, completed.stderr) == (1, "")
    assert completed.stdout.splitlines()[0] == (
        "supabase/migrations/20240201000000_names.sql:1:42: SL301 [error] Column "
        "`projects.name` is set NOT NULL without a backfill earlier in this migration"
    )


def test_a_run_lints_with_the_cyclic_collector_paused_and_restores_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import schemalint.run

    seen: list[bool] = []
    lint_paths = schemalint.run.lint_paths

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return lint_paths(*args, **kwargs)

    monkeypatch.setattr(schemalint.run, "lint_paths", recording)
    assert shown(["--select", "SL201"]) == [SL201]
    assert seen == [False]
    assert gc.isenabled()
