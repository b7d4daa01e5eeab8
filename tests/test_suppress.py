from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from schemalint.findings import Finding, Severity, Suppression
from schemalint.output.suppress import apply_suppressions
from schemalint.source import SourceFile

KNOWN = {
    "SL101": "missing-tenant-column",
    "SL201": "unindexed-foreign-key",
    "SL401": "hard-delete",
}


def _at(source: SourceFile, needle: str, code: str, occurrence: int = 0) -> Finding:
    start = -1
    for _ in range(occurrence + 1):
        start = source.text.index(needle, start + 1)
    return Finding(
        code, KNOWN[code], Severity.ERROR, f"{code} here", source.span(start, start + len(needle))
    )


def _run(
    source: SourceFile, *findings: Finding, require_reason: bool = False
) -> list[tuple[str, int, int, str, str | None]]:
    """Each resulting finding as (code, line, column, message, suppression reason or None)."""
    out = apply_suppressions(
        findings, {source.path: source}, known=KNOWN, require_reason=require_reason
    )
    rows = []
    for finding in out:
        position = source.position(finding.span.start)
        reason = finding.suppression.reason if finding.suppression else None
        rows.append((finding.code, position.line, position.column, finding.message, reason))
    return rows


def test_comment_above_create_table_covers_findings_on_its_column_lines() -> None:
    source = SourceFile(
        "m.sql",
        "-- schemalint-ignore SL201: tiny lookup table\n"
        "CREATE TABLE t (\n"
        "  a bigint REFERENCES p (id)\n"
        ");\n"
        "CREATE TABLE u (b bigint REFERENCES p (id));\n",
    )
    finding = _at(source, "a bigint", "SL201")
    out = apply_suppressions(
        [finding, _at(source, "b bigint", "SL201")], {"m.sql": source}, known=KNOWN
    )
    assert out[0].suppression == Suppression(source.span(0, 45), "tiny lookup table")
    assert out[1].suppression is None


def test_comment_block_and_code_or_name_selectors() -> None:
    source = SourceFile(
        "m.sql",
        "-- rebuilt nightly\n-- schemalint-ignore unindexed-foreign-key, SL401: cache\n"
        "DELETE FROM cache USING x WHERE cache.a = x.a;\n",
    )
    assert _run(source, _at(source, "DELETE", "SL401"), _at(source, "USING", "SL201")) == [
        ("SL401", 3, 1, "SL401 here", "cache"),
        ("SL201", 3, 19, "SL201 here", "cache"),
    ]


def test_trailing_comment_covers_its_line_and_the_statement_ending_there() -> None:
    source = SourceFile(
        "m.sql",
        "DELETE FROM a; -- schemalint-ignore SL401: fixture data\n"
        "DELETE FROM b\n"
        "  WHERE true; -- schemalint-ignore SL401: also fine\n"
        "DELETE FROM c;\n",
    )
    found = [_at(source, f"DELETE FROM {t}", "SL401") for t in "abc"]
    assert _run(source, *found) == [
        ("SL401", 1, 1, "SL401 here", "fixture data"),
        ("SL401", 2, 1, "SL401 here", "also fine"),
        ("SL401", 4, 1, "SL401 here", None),
    ]


def test_file_level_ignore_covers_the_whole_file() -> None:
    source = SourceFile(
        "m.sql",
        "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n"
        "-- schemalint-ignore-file SL101: legacy schema\n",
    )
    assert _run(
        source, _at(source, "CREATE TABLE a", "SL101"), _at(source, "CREATE TABLE b", "SL101")
    ) == [
        ("SL101", 1, 1, "SL101 here", "legacy schema"),
        ("SL101", 2, 1, "SL101 here", "legacy schema"),
    ]


def test_text_in_strings_and_plain_dollar_quotes_is_not_a_comment() -> None:
    source = SourceFile(
        "m.sql",
        "SELECT '-- schemalint-ignore SL401: no', $x$\n-- schemalint-ignore SL401: no\n$x$;\n"
        "DELETE FROM a;\n",
    )
    assert _run(source, _at(source, "DELETE", "SL401")) == [("SL401", 4, 1, "SL401 here", None)]


def test_comment_inside_a_function_body_covers_the_body_statement_below_it() -> None:
    source = SourceFile(
        "m.sql",
        "CREATE FUNCTION purge() RETURNS void AS $$\nBEGIN\n"
        "  -- schemalint-ignore SL401: tokens expire\n  DELETE FROM tokens;\n"
        "  DELETE FROM users;\nEND $$ LANGUAGE plpgsql;\n",
    )
    found = [_at(source, "DELETE FROM tokens", "SL401"), _at(source, "DELETE FROM users", "SL401")]
    assert _run(source, *found) == [
        ("SL401", 4, 3, "SL401 here", "tokens expire"),
        ("SL401", 5, 3, "SL401 here", None),
    ]


def test_a_blank_line_breaks_the_link_and_the_ignore_is_reported_unused() -> None:
    source = SourceFile("m.sql", "-- schemalint-ignore SL401: why\n\nDELETE FROM a;\n")
    assert _run(source, _at(source, "DELETE", "SL401")) == [
        ("SL002", 1, 22, "suppression of SL401 matched no finding", None),
        ("SL401", 3, 1, "SL401 here", None),
    ]


def test_unknown_rule_and_missing_rule_are_reported() -> None:
    source = SourceFile(
        "m.sql",
        "-- schemalint-ignore SL999, SL401: why\nDELETE FROM a;\n"
        "-- schemalint-ignore: forgot the code\nSELECT 1;\n",
    )
    assert _run(source, _at(source, "DELETE", "SL401")) == [
        ("SL002", 1, 22, "suppression names unknown rule `SL999`", None),
        ("SL401", 2, 1, "SL401 here", "why"),
        ("SL002", 3, 1, "suppression names no rule", None),
    ]


def test_required_reason_missing_does_not_suppress_and_is_reported() -> None:
    source = SourceFile("m.sql", "DELETE FROM a; -- schemalint-ignore SL401\n")
    assert _run(source, _at(source, "DELETE", "SL401"), require_reason=True) == [
        ("SL401", 1, 1, "SL401 here", None),
        ("SL002", 1, 37, "suppression of SL401 has no reason", None),
    ]


def test_ignore_of_a_rule_that_did_not_run_is_not_unused() -> None:
    source = SourceFile("m.sql", "-- schemalint-ignore SL101: x\nCREATE TABLE a (id int);\n")
    out = apply_suppressions([], {"m.sql": source}, known=KNOWN, active_codes={"SL401"})
    assert out == ()


def test_only_target_files_are_checked_and_sl002_can_be_off() -> None:
    source = SourceFile("m.sql", "-- schemalint-ignore SL101: x\nCREATE TABLE a (id int);\n")
    assert apply_suppressions([], {"m.sql": source}, known=KNOWN, targets=()) == ()
    assert apply_suppressions([], {"m.sql": source}, known=KNOWN, unused_severity=None) == ()


def test_prisma_comment_above_a_model_covers_the_block_and_above_a_field_the_line() -> None:
    source = SourceFile(
        "schema.prisma",
        "// schemalint-ignore SL101: global lookup\n"
        "model Country {\n  id Int @id\n  code String\n}\n\n"
        "model Order {\n  id Int @id\n"
        "  // schemalint-ignore SL201: tiny\n  userId Int\n  shopId Int\n}\n",
    )
    found = [
        _at(source, "model Country", "SL101"),
        _at(source, "code String", "SL201"),
        _at(source, "userId Int", "SL201"),
        _at(source, "shopId Int", "SL201"),
    ]
    assert _run(source, *found) == [
        ("SL101", 2, 1, "SL101 here", "global lookup"),
        ("SL201", 4, 3, "SL201 here", None),
        ("SL201", 10, 3, "SL201 here", "tiny"),
        ("SL201", 11, 3, "SL201 here", None),
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="-/*$'\"`;{}\n ESLab_:,0", max_size=80))
def test_any_text_yields_findings_never_a_traceback(text: str) -> None:
    for path in ("m.sql", "schema.prisma"):
        source = SourceFile(path, "-- schemalint-ignore SL401: r\n" + text)
        finding = Finding("SL401", "hard-delete", Severity.ERROR, "m", source.span(0, 0))
        out = apply_suppressions([finding], {path: source}, known=KNOWN)
        assert all(f.span.path == path for f in out)
