from __future__ import annotations

from schemalint.findings import Finding, Severity
from schemalint.output.fingerprint import assign_fingerprints
from schemalint.source import SourceFile

SQL = "CREATE TABLE a (id int);\nDELETE FROM  cache;\nDELETE FROM cache;\n"


def _deletes(source: SourceFile) -> list[Finding]:
    findings = []
    start = 0
    while (start := source.text.find("DELETE", start)) != -1:
        end = source.text.index(";", start)
        findings.append(
            Finding("SL401", "hard-delete", Severity.ERROR, "m", source.span(start, end))
        )
        start = end
    return findings


def _fingerprints(text: str) -> list[str]:
    source = SourceFile("m.sql", text)
    return [f.fingerprint for f in assign_fingerprints(_deletes(source), {"m.sql": source})]


def test_fingerprints_are_pinned_hex_digests_distinct_for_identical_findings() -> None:
    # sha256("SL401\0m.sql\0DELETE FROM cache\0m\0<occurrence>")[:32]: the two statements
    # differ only in whitespace, so they share a key and the occurrence tells them apart.
    assert _fingerprints(SQL) == [
        "3976c20a9d2241af16679b7326429f94",
        "89b4df664ded18fb456188ac784e08d3",
    ]


def test_fingerprints_do_not_change_when_lines_are_inserted_above() -> None:
    assert _fingerprints("-- a comment\n\n" + SQL.replace("(id int)", "(\n  id int\n)")) == (
        _fingerprints(SQL)
    )


def test_fingerprints_change_with_the_message_path_or_code() -> None:
    source = SourceFile("m.sql", SQL)
    base = _deletes(source)[0]
    variants = [
        base,
        Finding("SL402", base.name, base.severity, base.message, base.span),
        Finding(base.code, base.name, base.severity, "other", base.span),
    ]
    other = SourceFile("n.sql", SQL)
    moved = Finding(base.code, base.name, base.severity, base.message, other.span(25, 44))
    out = assign_fingerprints(variants, {"m.sql": source})
    out += assign_fingerprints([moved], {"n.sql": other})
    assert len({f.fingerprint for f in out}) == 4
