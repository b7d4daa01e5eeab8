"""The options ruff and squawk users reach for: --exit-zero, --quiet, --statistics, the concise
format, --color, --stdin-filename, several reports from one run, help and completion."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from schemalint.cli import main
from schemalint.cli.options import FORMATS, HUMAN_FORMATS
from schemalint.output import reporters
from tests.cli.conftest import INIT, NAMES, invoke

SL201 = (
    f"{INIT}:9:33: SL201 [warning] Foreign key `organization_id` on `projects` "
    "(referencing `organizations`) has no index"
)
SL507 = (
    f"{NAMES}:1:13: SL507 [warning] `ALTER TABLE` waits for ACCESS EXCLUSIVE on `projects` with "
    "no `lock_timeout` in effect"
)
SL301 = (
    f"{NAMES}:1:42: SL301 [error] Column `projects.name` is set NOT NULL without a backfill "
    "earlier in this migration"
)
SL503 = (
    f"{NAMES}:1:42: SL503 [warning] `SET NOT NULL` checks every row of `projects` while it "
    "blocks reads and writes"
)
SUMMARY = "Found 4 findings (1 error, 3 warnings) in 2 files; 1 suppressed."
NEW = "supabase/migrations/20240301000000_cleanup.sql"
DELETE = "DELETE FROM public.projects WHERE name = 'x';\n"


def test_concise_format_is_one_line_per_finding_and_the_summary(project: Path) -> None:
    result = invoke(["check", "--format", "concise"])

    assert (result.exit_code, result.stdout) == (
        1,
        f"{SL201}\n{SL507}\n{SL301}\n{SL503}\n{SUMMARY}\n",
    )


def test_exit_zero_reports_the_same_findings_and_exits_0(project: Path) -> None:
    result = invoke(["check", "--format", "concise", "--exit-zero"])

    assert (result.exit_code, result.stdout) == (
        0,
        f"{SL201}\n{SL507}\n{SL301}\n{SL503}\n{SUMMARY}\n",
    )


def test_exit_zero_still_exits_2_on_a_usage_error(project: Path) -> None:
    result = invoke(["check", "--exit-zero", "--config", "missing.yaml"])

    assert (result.exit_code, result.stderr) == (
        2,
        "schemalint: error: missing.yaml: config file not found\n",
    )


def test_quiet_prints_only_the_findings(project: Path) -> None:
    assert (
        invoke(["check", "-q", "--format", "concise"]).stdout
        == f"{SL201}\n{SL507}\n{SL301}\n{SL503}\n"
    )
    text = invoke(["check", "--quiet"]).stdout
    assert text.startswith(f"{SL201}\n") and text.endswith("SL503-blocking-validation.md\n")
    assert SUMMARY not in text


def test_quiet_with_nothing_to_report_prints_nothing(project: Path) -> None:
    result = invoke(["check", "--quiet", "--select", "SL104"])

    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_statistics_count_findings_per_rule(project: Path) -> None:
    result = invoke(["check", "--statistics"])

    assert (result.exit_code, result.stdout) == (
        1,
        "1  SL201  [*] unindexed-foreign-key\n1  SL301      not-null-without-backfill\n"
        "1  SL503      blocking-validation\n1  SL507      missing-lock-timeout\n"
        f"{SUMMARY}\n",
    )
    assert invoke(["check", "--statistics", "-q"]).stdout == (
        "1  SL201  [*] unindexed-foreign-key\n1  SL301      not-null-without-backfill\n"
        "1  SL503      blocking-validation\n1  SL507      missing-lock-timeout\n"
    )


def test_statistics_needs_a_human_format(project: Path) -> None:
    result = invoke(["check", "--statistics", "--format", "json"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "schemalint: error: --statistics applies to the text and concise formats "
        "(see `schemalint check --help`)\n",
    )


@pytest.mark.parametrize(
    ("args", "env", "colored"),
    [
        ([], {}, False),
        (["--color", "always"], {}, True),
        (["--color", "always"], {"NO_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ([], {"FORCE_COLOR": ""}, False),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        (["--no-color"], {"FORCE_COLOR": "1"}, False),
        (["--color", "auto"], {"FORCE_COLOR": "1"}, True),
    ],
)
def test_color_choice_and_environment(
    project: Path, args: list[str], env: dict[str, str], colored: bool
) -> None:
    base: dict[str, str | None] = {"NO_COLOR": None, "FORCE_COLOR": None}
    result = invoke(["check", "--format", "concise", *args], env={**base, **env})

    expected = (
        f"\x1b[1m{INIT}:9:33:\x1b[0m \x1b[1;33mSL201 [warning]\x1b[0m Foreign key"
        if colored
        else f"{SL201}\n"
    )
    assert result.stdout.startswith(expected)


def test_color_goes_to_stdout_only_never_into_a_file(project: Path) -> None:
    invoke(["check", "--format", "concise", "-o", "report.txt"], env={"FORCE_COLOR": "1"})

    assert (project / "report.txt").read_text(
        encoding="utf-8"
    ) == f"{SL201}\n{SL507}\n{SL301}\n{SL503}\n{SUMMARY}\n"


def test_no_color_contradicting_color_always_is_a_usage_error(project: Path) -> None:
    result = invoke(["check", "--no-color", "--color", "always"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "schemalint: error: --no-color contradicts --color always "
        "(see `schemalint check --help`)\n",
    )


@pytest.fixture
def out_folder(project: Path) -> Path:
    (project / "out").mkdir()
    return project / "out"


def test_several_reports_from_one_run(project: Path, out_folder: Path) -> None:
    result = invoke(
        ["check", "--format", "concise", "--format", "json:out/r.json", "--format", "sarif:r.sarif"]
    )

    assert (result.exit_code, result.stdout) == (
        1,
        f"{SL201}\n{SL507}\n{SL301}\n{SL503}\n{SUMMARY}\n",
    )
    report = json.loads((out_folder / "r.json").read_text(encoding="utf-8"))
    assert [
        (f["code"], f["path"], f["line"]) for f in report["findings"] if not f["suppressed"]
    ] == [
        ("SL201", INIT, 9),
        ("SL507", NAMES, 1),
        ("SL301", NAMES, 1),
        ("SL503", NAMES, 1),
    ]
    sarif = json.loads((project / "r.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == [
        "SL201",
        "SL507",
        "SL301",
        "SL503",
        "SL401",
    ]


def test_only_file_reports_print_nothing_on_stdout(project: Path, out_folder: Path) -> None:
    result = invoke(["check", "--format", "gitlab:out/gl.json"])

    assert (result.exit_code, result.stdout) == (1, "")
    assert len(json.loads((out_folder / "gl.json").read_text(encoding="utf-8"))) == 4


def test_output_takes_the_format_without_a_file(project: Path, out_folder: Path) -> None:
    result = invoke(["check", "--format", "concise", "-o", "out/a.txt", "--format", "json:out/b"])

    assert result.stdout == ""
    assert (out_folder / "a.txt").read_text(
        encoding="utf-8"
    ) == f"{SL201}\n{SL507}\n{SL301}\n{SL503}\n{SUMMARY}\n"
    assert json.loads((out_folder / "b").read_text(encoding="utf-8"))["summary"]["total"] == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "json", "--format", "text"],
            "--format json and --format text: both would go to stdout; "
            "name a file for one (FORMAT:PATH)",
        ),
        (
            ["--format", "xml:r.xml"],
            "invalid value for '--format': 'xml' is not one of 'text', 'concise', 'json', "
            "'sarif', 'github', 'gitlab' (write FORMAT or FORMAT:PATH)",
        ),
        (
            ["--format", "sarif:"],
            "invalid value for '--format': 'sarif:': no file after the colon",
        ),
    ],
)
def test_bad_format_specs_are_usage_errors(project: Path, args: list[str], message: str) -> None:
    result = invoke(["check", *args])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"schemalint: error: {message} (see `schemalint check --help`)\n",
    )


def test_in_github_actions_the_default_format_is_annotations_on_stdout_only(
    project: Path,
) -> None:
    on_stdout = invoke(["check"], env={"GITHUB_ACTIONS": "true"})
    into_file = invoke(["check", "-o", "report.txt"], env={"GITHUB_ACTIONS": "true"})

    assert on_stdout.stdout.startswith(f"::warning file={INIT},line=9,col=33,")
    assert into_file.stdout == ""
    report = (project / "report.txt").read_text(encoding="utf-8")
    assert report.startswith(f"{SL201}\n9 |") and report.endswith(f"{SUMMARY}\n")


def test_write_baseline_prints_one_line_not_the_findings(project: Path) -> None:
    result = invoke(["check", "--write-baseline", "baseline.json"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "schemalint: wrote 4 findings to the baseline baseline.json\n",
    )
    assert invoke(["check", "-q", "--write-baseline", "baseline.json"]).stderr == ""


def test_write_baseline_still_writes_a_report_file_asked_for(project: Path) -> None:
    result = invoke(["check", "--write-baseline", "b.json", "--format", "concise:r.txt"])

    assert (result.exit_code, result.stdout) == (0, "")
    assert (project / "r.txt").read_text(
        encoding="utf-8"
    ) == f"{SL201}\n{SL507}\n{SL301}\n{SL503}\n{SUMMARY}\n"


def _stdin(args: list[str], text: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *args], input=text, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_stdin_is_linted_as_the_named_file_with_its_history(project: Path) -> None:
    in_history = _stdin(["--stdin-filename", NEW, "--format", "json"], DELETE)
    alone = _stdin(["--stdin-filename", "elsewhere/cleanup.sql", "--format", "json"], DELETE)

    findings = json.loads(in_history[1])["findings"]
    assert [(f["code"], f["path"], f["line"], f["column"]) for f in findings] == [
        ("SL401", NEW, 1, 1)
    ]
    # The history says `projects` has `deleted_at`: the help shows the UPDATE to write.
    assert (
        "Use `UPDATE public.projects SET deleted_at = now() WHERE name = 'x'`"
        in (findings[0]["help"])
    )
    assert "Give the table a `deleted_at` column" in json.loads(alone[1])["findings"][0]["help"]
    assert not (project / NEW).exists()


def test_stdin_replaces_the_text_of_an_existing_file(project: Path) -> None:
    fixed = "UPDATE public.projects SET name = '' WHERE name IS NULL;\n" + (
        (project / NAMES).read_text(encoding="utf-8")
    )

    code, out, _ = _stdin(
        ["--stdin-filename", NAMES, "--format", "concise", "--ignore", "SL503,SL507", "-"], fixed
    )

    assert (code, out) == (0, "No findings (1 suppressed).\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-"], "reading from stdin ('-') needs --stdin-filename PATH"),
        (["--stdin-filename", NEW, "supabase"], "with --stdin-filename, give no PATHS (or '-')"),
        (
            ["--stdin-filename", NEW, "--diff", "main"],
            "--diff cannot be combined with --stdin-filename",
        ),
    ],
)
def test_stdin_usage_errors(project: Path, args: list[str], message: str) -> None:
    code, _, err = _stdin(args, DELETE)

    assert code == 2
    assert err == f"schemalint: error: {message} (see `schemalint check --help`)\n"


def test_help_shows_examples_and_exit_codes() -> None:
    text = invoke(["check", "--help"]).stdout

    assert "  Examples:\n    schemalint check                             every history" in text
    assert "    schemalint check --format github --format sarif:schemalint.sarif\n" in text
    assert text.endswith(
        "  Exit codes:\n"
        "    0  no finding at or above --fail-on (always 0 with --exit-zero or --write-baseline)\n"
        "    1  findings at or above --fail-on\n"
        "    2  a usage, configuration or input error, or an internal error\n"
    )
    for option in ("--exit-zero", "--quiet", "--statistics", "--stdin-filename", "--color"):
        assert option in text
    assert "schemalint completion bash" in invoke(["--help"]).stdout


def test_formats_listed_by_the_cli_are_the_reporters() -> None:
    assert (FORMATS, HUMAN_FORMATS) == (reporters.FORMATS, reporters.HUMAN_FORMATS)


def _complete(words: str) -> list[str]:
    env = {"_SCHEMALINT_COMPLETE": "bash_complete", "COMP_WORDS": words}
    env["COMP_CWORD"] = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    result = CliRunner().invoke(main, [], env=env, prog_name="schemalint")
    return [line.split(",", 1)[1] for line in result.stdout.splitlines()]


def test_rule_codes_and_names_complete() -> None:
    assert _complete("schemalint check --select SL20") == ["SL201"]
    assert _complete("schemalint check --ignore SL101,SL40") == [
        "SL101,SL401",
        "SL101,SL402",
        "SL101,SL403",
    ]
    assert _complete("schemalint rule hard") == ["hard-delete"]
    assert _complete("schemalint check --format con") == ["concise"]
    assert "completion" in _complete("schemalint ")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_a_script_for_each_shell(shell: str) -> None:
    result = invoke(["completion", shell])

    assert result.exit_code == 0
    assert f"_SCHEMALINT_COMPLETE={shell}_complete" in result.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_rule_codes_through_the_installed_command(tmp_path: Path) -> None:
    script = invoke(["completion", "bash"]).stdout
    (tmp_path / "complete.sh").write_text(
        script + "\nCOMP_WORDS=(schemalint check --select SL10)\nCOMP_CWORD=3\n"
        '_schemalint_completion schemalint\nprintf "%s\\n" "${COMPREPLY[@]}"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}

    done = subprocess.run(
        ["bash", "--norc", str(tmp_path / "complete.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert done.stdout.splitlines() == [
        "SL101", "SL102", "SL103", "SL104", "SL105", "SL106", "SL107", "SL108",
    ]  # fmt: skip
