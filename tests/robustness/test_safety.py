"""The tool's own safety: it writes only what it is asked to, atomically, never touches the
network, never runs code found in its inputs."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.robustness.checks import project, run_cli

SRC = Path(__file__).resolve().parents[2] / "src" / "schemalint"
HISTORY = {
    "supabase/migrations/20240101000000_init.sql": b"CREATE TABLE notes (id int);\n",
    "supabase/migrations/20240102000000_purge.sql": b"DELETE FROM notes;\n",
    "prisma/schema.prisma": b"model Note {\n  id Int @id\n}\n",
    ".schemalint.yaml": b"fail-on: error\n",
}

Snapshot = dict[str, tuple[int, bytes] | None]


def _snapshot(root: Path) -> Snapshot:
    """Every entry under ``root``: (mtime in ns, content) for files, None for folders."""
    seen: Snapshot = {}
    for directory, dirnames, filenames in os.walk(root):
        for name in dirnames:
            seen[str(Path(directory, name).relative_to(root))] = None
        for name in filenames:
            path = Path(directory, name)
            seen[str(path.relative_to(root))] = (path.stat().st_mtime_ns, path.read_bytes())
    return seen


@pytest.fixture
def history() -> Iterator[Path]:
    with project(HISTORY) as root:
        yield root


def test_a_check_writes_nothing_in_the_project_or_the_working_folder(history: Path) -> None:
    work = history / "work"
    work.mkdir()
    before = _snapshot(history)
    os.chdir(work)
    for fmt in ("text", "json", "sarif", "github", "gitlab"):
        code, _, err = run_cli("check", "--format", fmt, "..")
        assert (code, err) == (1, "")
    assert _snapshot(history) == before


def test_output_and_write_baseline_change_only_those_two_files(history: Path) -> None:
    before = _snapshot(history)
    code, out, _ = run_cli(
        "check",
        "--select",
        "SL401",
        "--format",
        "json",
        "-o",
        "report.json",
        "--write-baseline",
        "base.json",
        ".",
    )
    assert (code, out) == (0, "")
    after = _snapshot(history)
    assert set(after) - set(before) == {"report.json", "base.json"}
    assert {k: v for k, v in after.items() if k not in ("report.json", "base.json")} == before
    purge = "supabase/migrations/20240102000000_purge.sql"
    message = "`DELETE` hard-deletes rows of `notes`"
    report = json.loads((history / "report.json").read_text())["findings"]
    assert [(f["code"], f["path"], f["line"], f["column"], f["message"]) for f in report] == [
        ("SL401", purge, 1, 1, message)
    ]
    baseline = json.loads((history / "base.json").read_text())["findings"]
    assert [(f["code"], f["path"], f["message"]) for f in baseline] == [("SL401", purge, message)]


def _refuse_rename(*args: object, **kwargs: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize(
    ("option", "name", "message"),
    [
        (
            "--output",
            "report.json",
            "report.json: cannot write the report: No space left on device",
        ),
        (
            "--write-baseline",
            "base.json",
            "base.json: cannot write baseline: No space left on device",
        ),
    ],
)
def test_a_failed_write_leaves_the_previous_file_intact_and_no_temporary_file(
    history: Path, monkeypatch: pytest.MonkeyPatch, option: str, name: str, message: str
) -> None:
    (history / name).write_text("previous\n")
    before = _snapshot(history)
    monkeypatch.setattr(os, "replace", _refuse_rename)
    assert run_cli("check", option, name, ".") == (2, "", f"schemalint: error: {message}\n")
    assert _snapshot(history) == before


def _no_network(*args: object, **kwargs: object) -> None:
    raise AssertionError("schemalint opened a network connection")


def test_a_check_in_process_never_opens_a_socket(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(socket, "socket", _no_network)
    monkeypatch.setattr(socket, "create_connection", _no_network)
    monkeypatch.setattr(socket, "getaddrinfo", _no_network)
    for fmt in ("text", "json", "sarif", "github", "gitlab"):
        code, _, err = run_cli("check", "--format", fmt, ".")
        assert (code, err) == (1, "")


# Runs the CLI with an audit hook that fails on any socket, DNS lookup or new process but git:
# the hook sees every attempt, even from C code, which a monkeypatch would not. A fork is
# allowed: `--jobs` lints independent histories in forked copies of this same process, which
# inherit the hook (they can start no program either: os.exec and spawning stay forbidden).
_GUARDED_RUN = """
import sys

FORBIDDEN = ("socket.", "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn")

def hook(event, args):
    # git alone may run: it says which files .gitignore leaves out (git's own rules).
    if event == "subprocess.Popen" and str(args[0]).rsplit("/", 1)[-1] == "git":
        return
    if event.startswith(FORBIDDEN):
        sys.stderr.write(f"forbidden: {event}\\n")
        sys.stderr.flush()
        import os
        os._exit(99)

sys.addaudithook(hook)
from schemalint.cli import main
main()
"""


def test_a_check_in_a_subprocess_makes_no_network_attempt_and_starts_no_process_but_git(
    history: Path,
) -> None:
    unroutable = "http://127.0.0.1:9"
    env = {
        **os.environ,
        "http_proxy": unroutable,
        "https_proxy": unroutable,
        "HTTP_PROXY": unroutable,
        "HTTPS_PROXY": unroutable,
        "ALL_PROXY": unroutable,
        "no_proxy": "",
    }
    for fmt in ("text", "sarif"):
        completed = subprocess.run(
            [sys.executable, "-c", _GUARDED_RUN, "check", "--format", fmt, "."],
            cwd=history,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert (completed.returncode, completed.stderr) == (1, "")


# What must never appear in the package's source: evaluating text, unpickling, unsafe YAML,
# starting processes (outside the modules that ask git: for changed files, for ignored files).
_FORBIDDEN = (
    (re.compile(r"\beval\("), None),
    # frozen.py compiles each data class's __init__ from its field names, as dataclasses does.
    (re.compile(r"\bexec\("), "frozen.py"),
    # Code, not prose: a comment may explain pickling; importing or calling it is the risk.
    # `--jobs` workers send their results to the main process pickled, through pipes the run
    # made between forked copies of itself (as multiprocessing would): never input.
    (
        re.compile(
            r"^\s*(import|from)\s+(pickle|marshal|shelve)\b|\b(pickle|marshal|shelve)\.\w+\(", re.M
        ),
        "parallel.py",
    ),
    (re.compile(r"\byaml\.(load|load_all|unsafe_load|full_load)\("), None),
    (re.compile(r"\bLoader\s*=|\byaml\.(Unsafe|Full)?Loader\b"), None),
    (re.compile(r"\bos\.system\(|\bos\.popen\(|\bshell\s*=\s*True"), None),
    # The rule registry imports the package's own rules/slNNN_*.py modules by file name.
    (re.compile(r"\b__import__\(|\bimport_module\("), "rules/registry.py"),
    (re.compile(r"\bsubprocess\b"), "inputs/changed.py"),
)
# Paths under src/schemalint.
_GIT_MODULES = frozenset({"inputs/changed.py", "inputs/gitignored.py"})


def test_the_source_evaluates_no_input_and_starts_processes_only_for_git_diff() -> None:
    offending = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        module = path.relative_to(SRC).as_posix()
        for pattern, allowed_in in _FORBIDDEN:
            for match in pattern.finditer(text):
                if module != allowed_in and not (
                    allowed_in == "inputs/changed.py" and module in _GIT_MODULES
                ):
                    line = text.count("\n", 0, match.start()) + 1
                    offending.append(f"{path.relative_to(SRC)}:{line}: {match.group()}")
    assert offending == []


def test_yaml_is_loaded_only_with_the_safe_loader() -> None:
    calls = [
        f"{path.relative_to(SRC)}: {call}"
        for path in sorted(SRC.rglob("*.py"))
        for call in re.findall(r"\byaml\.\w+\(", path.read_text(encoding="utf-8"))
    ]
    assert calls == ["inputs/documents.py: yaml.safe_load("]
