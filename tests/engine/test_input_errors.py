"""Input the database would reject is one located SL001, and the rest is still linted."""

from __future__ import annotations

from pathlib import Path

from schemalint.config import Config
from schemalint.engine import lint
from schemalint.inputs.discovery import discover
from tests.rules.helpers import Seen, seen


def _report(root: Path, name: str, data: bytes) -> list[Seen]:
    (root / name).write_bytes(data)
    result = lint(discover([root / name], cwd=root), Config(root=root, select=("SL001", "SL401")))
    return [seen(f, result.sources[f.path]) for f in result.findings]


def test_invalid_utf8_is_reported_at_the_first_bad_byte(tmp_path: Path) -> None:
    data = b"CREATE TABLE t (id int);\n-- caf\xe9\nDELETE FROM t;\n"
    assert _report(tmp_path, "a.sql", data) == [
        ("SL001", "a.sql", 2, 7, "the file is not valid UTF-8 (the first invalid byte is here)"),
        ("SL401", "a.sql", 3, 1, "`DELETE` hard-deletes rows of `t`"),
    ]


def test_control_characters_in_a_syntax_error_are_escaped(tmp_path: Path) -> None:
    assert _report(tmp_path, "b.sql", b"SELECT 1;\nSELECT \x01x;\n") == [
        ("SL001", "b.sql", 2, 8, 'syntax error at or near "\\x01"'),
    ]


def test_control_characters_in_an_identifier_are_escaped_in_other_rules_too(
    tmp_path: Path,
) -> None:
    assert _report(tmp_path, "c.sql", b'DELETE FROM "a\x07b";\n') == [
        ("SL401", "c.sql", 1, 1, "`DELETE` hard-deletes rows of `a\\x07b`"),
    ]


def test_control_characters_in_a_help_built_when_read_are_escaped(tmp_path: Path) -> None:
    # SL606 keeps its help as a template and the function's signature (``Help``).
    (tmp_path / "d.sql").write_bytes(
        b'CREATE FUNCTION "f\x07g"() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n'
    )
    result = lint(discover([tmp_path / "d.sql"], cwd=tmp_path), Config(root=tmp_path))
    found = [f for f in result.findings if f.code == "SL606"]
    assert [seen(f, result.sources[f.path]) for f in found] == [
        ("SL606", "d.sql", 1, 17, "Function `public.f\\x07g()` does not set `search_path`"),
    ]
    assert found[0].help == (
        "Without `SET search_path` the function looks names up along the caller's "
        "`search_path`, so whoever calls it can put a table or function of their own in front "
        "of the ones it means. Add `SET search_path = ''` to the definition and qualify the "
        "names in the body (`public.orders`), or `ALTER FUNCTION public.f\\x07g() SET search_path = '';`."
    )
