from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from schemalint.findings import Finding, Severity, Suppression
from schemalint.output.baseline import BaselineEntry, BaselineError, apply_baseline, write_baseline
from schemalint.source import Span


def _finding(path: str, code: str, fingerprint: str, message: str = "msg") -> Finding:
    return Finding(code, "x", Severity.ERROR, message, Span(path, 0, 1), fingerprint=fingerprint)


FINDINGS = (
    _finding("b.sql", "SL401", "f2", "delete"),
    _finding("a.sql", "SL201", "f1", "fk"),
    Finding(
        "SL401",
        "x",
        Severity.ERROR,
        "suppressed",
        Span("a.sql", 5, 6),
        suppression=Suppression(Span("a.sql", 0, 3), "why"),
        fingerprint="f3",
    ),
)


def test_write_baseline_is_sorted_stable_and_skips_suppressed_findings(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    assert write_baseline(path, FINDINGS) == 2
    assert path.read_text(encoding="utf-8") == (
        "{\n"
        '  "version": 1,\n'
        '  "findings": [\n'
        "    {\n"
        '      "fingerprint": "f1",\n'
        '      "code": "SL201",\n'
        '      "path": "a.sql",\n'
        '      "message": "fk"\n'
        "    },\n"
        "    {\n"
        '      "fingerprint": "f2",\n'
        '      "code": "SL401",\n'
        '      "path": "b.sql",\n'
        '      "message": "delete"\n'
        "    }\n"
        "  ]\n"
        "}\n"
    )
    first = path.read_text(encoding="utf-8")
    write_baseline(path, reversed(FINDINGS))
    assert path.read_text(encoding="utf-8") == first
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]


def test_adopting_a_baseline_reports_only_new_findings_and_stale_entries(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, FINDINGS)
    later = (_finding("a.sql", "SL201", "f1", "fk"), _finding("c.sql", "SL101", "f9", "new"))
    kept, stale = apply_baseline(path, later)
    assert kept == (later[1],)
    assert stale == (BaselineEntry("b.sql", "SL401", "f2", "delete"),)


def test_entries_for_files_not_linted_are_not_stale(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, FINDINGS)
    kept, stale = apply_baseline(path, (), paths={"a.sql"})
    assert (kept, stale) == ((), (BaselineEntry("a.sql", "SL201", "f1", "fk"),))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "{",
            "not a valid schemalint baseline: invalid JSON: "
            "Expecting property name enclosed in double quotes at line 1 column 2",
        ),
        # Deep nesting and huge integers were internal errors (RecursionError, ValueError).
        (
            "[" * 1000 + "]" * 1000,
            "not a valid schemalint baseline: nested more than 100 levels deep",
        ),
        (
            '{"version": 1, "findings": ' + "[" * 101 + "]" * 101 + "}",
            "not a valid schemalint baseline: nested more than 100 levels deep",
        ),
        (
            '{"version": ' + "1" * 5001 + "}",
            "not a valid schemalint baseline: invalid JSON: a number has too many digits",
        ),
        ("[]", "not a valid schemalint baseline: expected a JSON object"),
        (
            '{"version": 2, "findings": []}',
            "not a valid schemalint baseline: unsupported version 2 (expected 1)",
        ),
        ('{"version": 1}', "not a valid schemalint baseline: `findings` must be a list"),
        (
            '{"version": 1, "findings": [{"fingerprint": 1}]}',
            "not a valid schemalint baseline: findings[0].fingerprint must be a string",
        ),
    ],
)
def test_malformed_baseline_is_one_line_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError) as error:
        apply_baseline(path, ())
    assert str(error.value) == f"{path}: {message}"


def test_a_baseline_that_is_not_a_regular_file_is_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)  # opening it to read would block until a writer came
    for path in (fifo, Path("/dev/zero"), tmp_path):
        with pytest.raises(BaselineError) as error:
            apply_baseline(path, ())
        assert str(error.value) == f"{path}: cannot read baseline: not a regular file"


def test_a_baseline_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as stream:
        stream.truncate(64 * 1024 * 1024 + 1)  # sparse: no disk used
    with pytest.raises(BaselineError) as error:
        apply_baseline(path, ())
    assert str(error.value) == f"{path}: cannot read baseline: larger than the 64 MiB limit"


def test_missing_baseline_and_unwritable_folder_are_one_line_errors(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(BaselineError) as error:
        apply_baseline(missing, ())
    assert str(error.value) == f"{missing}: cannot read baseline: No such file or directory"
    target = tmp_path / "no-dir" / "b.json"
    with pytest.raises(BaselineError) as error:
        write_baseline(target, ())
    assert str(error.value) == f"{target}: cannot write baseline: No such file or directory"


def test_baseline_round_trip_keeps_unicode(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_baseline(path, (_finding("ü.sql", "SL401", "f", "tabla «x»"),))
    assert json.loads(path.read_text(encoding="utf-8"))["findings"][0]["message"] == "tabla «x»"
    assert apply_baseline(path, (_finding("ü.sql", "SL401", "f", "tabla «x»"),)) == ((), ())
