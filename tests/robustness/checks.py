"""Run a damaged project through the engine and the CLI and check what a user would see.

The invariants: no exception escapes; a run either returns findings or fails with one line;
every finding points inside its file, at a valid 1-based line and column; the CLI's exit code
and JSON agree with the engine.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner
from hypothesis import settings

from schemalint.cli import main
from schemalint.config import ConfigError, load_config
from schemalint.engine import LintResult, lint
from schemalint.findings import Finding, Severity
from schemalint.inputs.discovery import DiscoveryError, discover
from schemalint.output.reporters import FORMATS, render
from schemalint.rules.registry import ALL_RULES
from schemalint.source import SourceFile
from tests.trees import write_tree


def fuzz_settings(weight: float = 1.0) -> settings:
    """The selected profile (``SCHEMALINT_FUZZ_PROFILE``, default ``ci``), its example budget
    scaled by ``weight`` (a slow property gets less than a fast one)."""
    profile = settings.get_profile(os.environ.get("SCHEMALINT_FUZZ_PROFILE", "ci"))
    return settings(profile, max_examples=max(1, int(profile.max_examples * weight)))


KNOWN_CODES = frozenset(rule.code for rule in ALL_RULES)
ERROR_PREFIX = "schemalint: error: "


@dataclass(frozen=True)
class Seen:
    """A finding as the user sees it: code, path and 1-based start line and column."""

    code: str
    path: str
    line: int
    column: int


@contextlib.contextmanager
def project(files: Mapping[str, bytes]) -> Iterator[Path]:
    """A temporary project holding ``files`` (relative path -> bytes), as the working folder.

    An empty ``.git`` folder stops the config search from leaving the project.
    """
    with tempfile.TemporaryDirectory(prefix="schemalint-fuzz-") as name:
        root = Path(name)
        (root / ".git").mkdir()
        write_tree(root, files)
        previous = Path.cwd()
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(previous)


def one_line_error(error: Exception) -> str:
    message = str(error)
    assert message, f"{type(error).__name__} without a message"
    assert "\n" not in message and "\r" not in message, repr(message)
    return message


def lint_here(dialect: str | None = None) -> LintResult | str:
    """Lint the working folder through the real engine: a result, or the one-line error."""
    cwd = Path.cwd()
    try:
        config = load_config(cwd)
        if dialect:
            config = dataclasses.replace(config, dialect=dialect)
        result = lint(discover([Path()], cwd=cwd, is_excluded=config.is_excluded), config)
    except (ConfigError, DiscoveryError) as error:
        return one_line_error(error)
    check_findings(result)
    for fmt in FORMATS:
        render(result, fmt, rules=ALL_RULES, color=False)
    return result


# Line breaks as editors see them (and as SourceFile counts them): CRLF, a lone CR, LF.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _position_in(text: str, offset: int) -> tuple[int, int]:
    """An independent 1-based line and column of ``offset``, to check SourceFile against."""
    breaks = [m.end() for m in _LINE_BREAK.finditer(text, 0, offset)]
    line_start = breaks[-1] if breaks else 0
    return len(breaks) + 1, offset - line_start + 1


def _valid_position(source: SourceFile, line: int, column: int) -> bool:
    lines = _LINE_BREAK.split(source.text)
    return 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1


def check_finding(finding: Finding, sources: Mapping[str, SourceFile]) -> None:
    assert finding.code in KNOWN_CODES, finding
    assert finding.path in sources, finding
    source = sources[finding.path]
    span = finding.span
    assert 0 <= span.start <= span.end <= len(source.text), (finding, len(source.text))
    for offset in (span.start, span.end):
        position = source.position(offset)
        assert (position.line, position.column) == _position_in(source.text, offset)
        assert _valid_position(source, position.line, position.column), finding
    assert finding.message, finding
    if finding.code == "SL001":
        # A syntax error's message is the parser's: it must stay one line in every reporter.
        assert "\n" not in finding.message and "\r" not in finding.message, finding.message


def check_findings(result: LintResult) -> None:
    for finding in result.findings:
        check_finding(finding, result.sources)


def seen(result: LintResult) -> list[Seen]:
    out = []
    for finding in result.findings:
        position = result.sources[finding.path].position(finding.span.start)
        out.append(Seen(finding.code, finding.path, position.line, position.column))
    return out


def expected_exit_code(result: LintResult) -> int:
    failing = [f for f in result.findings if f.suppression is None and f.severity is Severity.ERROR]
    return 1 if failing else 0


def run_cli(*args: str) -> tuple[int, str, str]:
    """``schemalint`` in-process in the working folder: exit code, stdout, stderr."""
    outcome = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return outcome.exit_code, outcome.stdout, outcome.stderr


def check_cli_agrees(engine: LintResult | str, *extra: str) -> None:
    """The CLI's exit code, one-line error or JSON findings match the engine's run."""
    code, out, err = run_cli("check", "--format", "json", "--no-color", *extra, ".")
    assert code in (0, 1, 2), (code, err)
    if isinstance(engine, str):
        assert (code, out, err) == (2, "", f"{ERROR_PREFIX}{engine}\n")
        return
    assert err == "", err
    assert code == expected_exit_code(engine)
    document = json.loads(out)
    for item in document["findings"]:
        source = engine.sources[item["path"]]
        assert _valid_position(source, item["line"], item["column"]), item
        assert _valid_position(source, item["end_line"], item["end_column"]), item
    shown = [Seen(i["code"], i["path"], i["line"], i["column"]) for i in document["findings"]]
    assert shown == seen(engine)
