"""Rule options from a config file: converted to the rule's options class, or one line naming
the file (as the user would write it) and the key, with a suggestion for a misspelt key."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path
from typing import Literal

import pytest
from click.testing import CliRunner

from schemalint.cli import main
from schemalint.rules.base import RuleOptions
from schemalint.rules.options import OptionError, convert, describe
from schemalint.rules.registry import ALL_RULES
from schemalint.rules.sl101_missing_tenant_column import MissingTenantColumnOptions
from schemalint.rules.sl401_hard_delete import HardDeleteOptions
from tests.trees import write_tree


def _error(project: Path, files: dict[str, str], *args: str) -> tuple[int, str]:
    write_tree(project, {"supabase/migrations/20240101000000_init.sql": "SELECT 1;\n", **files})
    result = CliRunner().invoke(main, ["check", *args], catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {".schemalint.yaml": "rules:\n  SL101:\n    exmpt: [countries]\n"},
            '.schemalint.yaml: rules.SL101: unknown option "exmpt" (did you mean "exempt"?)',
        ),
        (
            {".schemalint.yaml": "rules:\n  hard-delete:\n    soft_delete_column: gone_at\n"},
            ".schemalint.yaml: rules.SL401: unknown option "
            '"soft_delete_column" (did you mean "soft-delete-column"?)',
        ),
        (
            {".schemalint.yaml": "rules:\n  SL101:\n    tables: [x]\n"},
            '.schemalint.yaml: rules.SL101: unknown option "tables" (options: columns, exempt, '
            "inherit-through-foreign-keys, junction-tables, bookkeeping-columns)",
        ),
        (
            {".schemalint.yaml": "rules:\n  SL201:\n    limit: 3\n"},
            ".schemalint.yaml: rules.SL201: unknown option "
            '"limit" (this rule has no options besides severity)',
        ),
        (
            {"pyproject.toml": '[tool.schemalint.rules.SL401]\nallow = "public.sessions"\n'},
            "pyproject.toml: tool.schemalint.rules.SL401.allow: "
            'expected a list of strings, got "public.sessions"',
        ),
        (
            {".schemalint.yaml": "rules:\n  SL101:\n    exempt: [countries, 3]\n"},
            ".schemalint.yaml: rules.SL101.exempt[1]: expected a non-empty string, got 3",
        ),
        (
            {".schemalint.yaml": "rules:\n  SL101:\n    columns: {a: 1}\n"},
            ".schemalint.yaml: rules.SL101.columns: expected a list of strings, got a mapping",
        ),
        (
            {"pyproject.toml": "[tool.schemalint.rules.SL402]\ncolumn = {a = 1}\n"},
            "pyproject.toml: tool.schemalint.rules.SL402.column: "
            "expected a non-empty string, got a table",
        ),
    ],
)
def test_a_bad_rule_option_is_one_line_naming_the_file_as_written_and_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)

    assert _error(tmp_path, files) == (2, f"schemalint: error: {message}\n")


def test_a_config_given_with_config_is_named_as_the_user_typed_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    files = {"ci/lint.yaml": "rules:\n  SL402:\n    column: ''\n"}

    assert _error(tmp_path, files, "--config", "ci/lint.yaml") == (
        2,
        'schemalint: error: ci/lint.yaml: rules.SL402.column: expected a non-empty string, got ""\n',
    )


def test_valid_options_become_the_rule_options() -> None:
    assert MissingTenantColumnOptions.model_validate(
        {"columns": ["tenant_id"], "exempt": ["public.countries"]}
    ) == MissingTenantColumnOptions(columns=("tenant_id",), exempt=("public.countries",))
    assert HardDeleteOptions.model_validate({"soft-delete-column": None}) == HardDeleteOptions()


def test_every_option_of_every_rule_has_a_type_a_config_file_can_spell() -> None:
    for rule in ALL_RULES:
        hints = typing.get_type_hints(rule.options_model)
        for field in dataclasses.fields(rule.options_model):
            assert describe(hints[field.name]), (rule.code, field.name)


class _Sample(RuleOptions):
    level: Literal["low", "high"] = "low"
    depth: int = 1
    ratio: float = 0.5
    strict: bool = False
    names: frozenset[str] = frozenset()


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("level", "high", "high"),
        ("depth", 3, 3),
        ("ratio", 2, 2.0),
        ("strict", True, True),
        ("names", ["a", "b"], frozenset({"a", "b"})),
    ],
)
def test_each_supported_type_converts(key: str, value: object, expected: object) -> None:
    hints = typing.get_type_hints(_Sample)
    assert convert(hints[key], value, key) == expected


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("level", "medium", 'level: expected one of low, high, got "medium"'),
        ("depth", True, "depth: expected an integer, got true"),
        ("depth", "3", 'depth: expected an integer, got "3"'),
        ("ratio", "x", 'ratio: expected a number, got "x"'),
        ("strict", "yes", 'strict: expected true or false, got "yes"'),
        ("names", [1], "names[0]: expected a non-empty string, got 1"),
        ("depth", None, "depth: expected an integer, got null"),
    ],
)
def test_each_supported_type_rejects_other_values(key: str, value: object, message: str) -> None:
    hints = typing.get_type_hints(_Sample)
    with pytest.raises(OptionError) as raised:
        convert(hints[key], value, key, "mapping")
    assert str(raised.value) == message
