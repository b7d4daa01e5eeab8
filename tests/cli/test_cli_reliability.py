"""How ``schemalint`` ends when its output or its user gets in the way: one line, right code.

Closed, full or abandoned stdout, reports written through links and onto devices, usage
errors, Ctrl-C, file names that are not UTF-8. The process-level cases run the real program.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from schemalint import run as run_module
from tests.cli.conftest import INIT, invoke
from tests.trees import write_tree

COMMAND = [sys.executable, "-m", "schemalint"]
ERROR = "schemalint: error: "


def _many_findings(project: Path) -> None:
    """Enough findings that the text report is far larger than a pipe's buffer (64 KiB)."""
    tables = "".join(f"CREATE TABLE t{n} (id int);\n" for n in range(400))
    write_tree(project, {"supabase/migrations/20240301000000_many.sql": tables})


def _schemalint(args: list[str], **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args],
        capture_output="stdout" not in options,
        text=True,
        timeout=120,
        check=False,
        **options,  # type: ignore[call-overload]
    )


def test_stdout_closed_is_one_line_not_a_traceback(project: Path) -> None:
    done = subprocess.run(
        ["sh", "-c", '"$@" >&-', "sh", *COMMAND, "check"],
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stderr) == (
        2,
        f"{ERROR}stdout: cannot write the report: stdout is closed\n",
    )


def test_a_reader_that_stops_early_ends_the_run_quietly(project: Path) -> None:
    _many_findings(project)
    with subprocess.Popen(
        [*COMMAND, "check"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()  # `| head -1`
        process.stdout.close()
        stderr = process.stderr.read()
        code = process.wait(timeout=120)
    assert first.startswith(f"{INIT}:".encode())
    # The exit code is the run's own: findings at error level. No BrokenPipeError, no 120.
    assert (code, stderr) == (1, b"")


def _full_device(tmp_path: Path) -> Path:
    node = tmp_path / "full"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except OSError:
        if os.geteuid() == 0:
            pytest.skip("cannot make a device node, and /dev must not be risked as root")
        return Path("/dev/full")
    return node


def test_stdout_on_a_full_disk_is_one_line_and_exit_2(project: Path, tmp_path: Path) -> None:
    full = _full_device(tmp_path)
    with full.open("wb") as stdout:
        done = _schemalint(["check"], stdout=stdout, stderr=subprocess.PIPE)
    # Before: an internal error (OSError), or exit 120 from the interpreter's last flush.
    assert (done.returncode, done.stderr) == (
        2,
        f"{ERROR}stdout: cannot write the report: No space left on device\n",
    )


@pytest.mark.parametrize(
    ("option", "what"),
    [("-o", "cannot write the report"), ("--write-baseline", "cannot write baseline")],
)
def test_output_on_a_full_disk_is_one_line_and_the_device_stays(
    project: Path, tmp_path: Path, option: str, what: str
) -> None:
    full = _full_device(tmp_path)
    _many_findings(project)

    result = invoke(["check", option, str(full)])

    assert (result.exit_code, result.stderr) == (
        2,
        f"{ERROR}{full}: {what}: No space left on device\n",
    )
    assert stat.S_ISCHR(full.lstat().st_mode)


def test_output_through_a_symlink_writes_the_target(project: Path) -> None:
    (project / "reports").mkdir()
    (project / "reports" / "schemalint.sarif").write_text("old", encoding="utf-8")
    (project / "reports" / "schemalint.sarif").chmod(0o644)
    (project / "latest.sarif").symlink_to("reports/schemalint.sarif")

    result = invoke(["check", "--format", "sarif", "-o", "latest.sarif"])

    assert result.exit_code == 1, result.stderr
    assert (project / "latest.sarif").is_symlink()
    target = project / "reports" / "schemalint.sarif"
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["check", "--format", "xml"],
            "invalid value for '--format': 'xml' is not one of 'text', 'concise', 'json', "
            "'sarif', 'github', 'gitlab' (write FORMAT or FORMAT:PATH) "
            "(see `schemalint check --help`)",
        ),
        (
            ["check", "--bogus"],
            "no such option '--bogus'. (Did you mean one of: '--jobs', '--verbose'?) "
            "(see `schemalint check --help`)",
        ),
        (["lint"], "no such command 'lint' (see `schemalint --help`)"),
        (["rule"], "missing argument 'CODE_OR_NAME' (see `schemalint rule --help`)"),
        (["check", "--fail-on"], "option '--fail-on' requires an argument"),
    ],
)
def test_every_usage_error_is_the_documented_one_line(
    project: Path, args: list[str], message: str
) -> None:
    result = invoke(args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{ERROR}{message}\n")


def test_ctrl_c_exits_130(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(options: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(run_module, "run", interrupted)

    result = invoke(["check"])

    # Before: "Aborted!" and exit 1, which says "findings".
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "\n")


def test_sigint_to_the_real_program_exits_130(project: Path, tmp_path: Path) -> None:
    # A `git` that waits, so that the signal arrives while the run is busy.
    fake = tmp_path / "bin"
    fake.mkdir()
    started = tmp_path / "started"
    (fake / "git").write_text(f"#!/bin/sh\ntouch {started}\nexec sleep 30\n", encoding="utf-8")
    (fake / "git").chmod(0o755)
    environment = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"}
    with subprocess.Popen(
        [*COMMAND, "check", "--diff", "main"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    ) as process:
        # Generous guards against a hang: a loaded machine starts Python slowly.
        deadline = time.monotonic() + 300
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started.exists(), "the run never asked git"
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=300)
    assert (process.returncode, stdout, stderr) == (130, b"", b"\n")


def test_non_utf8_file_names_in_sarif_and_json_reports(project: Path) -> None:
    odd = os.fsdecode(b"supabase/migrations/20240301000000_\xff.sql")
    (project / odd).write_text("DELETE FROM public.projects;\n", encoding="utf-8")

    for fmt in ("sarif", "json"):
        # Before: UnicodeEncodeError, an internal error, for both.
        result = invoke(["check", "--select", "SL401", "--format", fmt, "-o", f"report.{fmt}"])
        assert (result.exit_code, result.stderr) == (1, "")
    sarif = json.loads((project / "report.sarif").read_bytes().decode("utf-8"))
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
        if not r.get("suppressions")
    ]
    assert uris == ["supabase/migrations/20240301000000_%FF.sql"]
    document = json.loads((project / "report.json").read_bytes().decode("utf-8"))
    paths = [f["path"] for f in document["findings"] if not f["suppressed"]]
    assert paths == [odd]  # the JSON escape \udcff reads back as the name's byte 0xff


def test_output_to_dev_stdout_reaches_the_pipe(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # A private link to /proc/self/fd/1, like /dev/stdout: a regression must not be able to
    # replace the system's /dev/stdout (as root it could, and did).
    folder = tmp_path_factory.mktemp("dev")
    stdout_link = folder / "stdout"
    stdout_link.symlink_to("/proc/self/fd/1")

    done = _schemalint(["check", "--format", "json", "-o", str(stdout_link)])

    assert (done.returncode, done.stderr) == (1, "")
    init = "supabase/migrations/20240101000000_init.sql"
    names = "supabase/migrations/20240201000000_names.sql"
    findings = json.loads(done.stdout)["findings"]
    assert [(f["code"], f["path"], f["line"], f["column"]) for f in findings] == [
        ("SL201", init, 9, 33),
        ("SL507", names, 1, 13),
        ("SL301", names, 1, 42),
        ("SL503", names, 1, 42),
        ("SL401", names, 3, 1),
    ]
    assert stdout_link.is_symlink()
    assert sorted(p.name for p in folder.iterdir()) == ["stdout"]
