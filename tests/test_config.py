"""Loading configuration: where it is found, what each key means, how errors read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from schemalint.config import Config, ConfigError, RuleConfig, load_config
from schemalint.findings import Severity
from schemalint.rules.base import DEFAULT_EXCLUDED_SCHEMAS


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git work tree, so that the search for a config file stops here."""
    (tmp_path / ".git").mkdir()
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load_error(cwd: Path, explicit: Path | None = None) -> str:
    with pytest.raises(ConfigError) as raised:
        load_config(cwd, explicit)
    return str(raised.value)


FULL_YAML = """\
select: [SL1, unindexed-foreign-key]
ignore: [SL402]
exclude: ["migrations/legacy/", "*.down.sql"]
fail-on: warning
dialect: postgres
tenant-columns: [tenant_id]
tenant-roots: [accounts]
exposed-schemas: [public, api]
postgres-version: 15
migration-tool: dbmate
runner-version: "2.36.0"
x-multi-statement: true
soft-delete-column: archived_at
extra-excluded-schemas: [internal]
baseline: .schemalint-baseline.json
require-suppression-reason: true
rules:
  SL101:
    severity: warning
    exempt: [countries]
"""

FULL_TOML = """\
[project]
name = "app"

[tool.schemalint]
select = ["SL1", "unindexed-foreign-key"]
ignore = ["SL402"]
exclude = ["migrations/legacy/", "*.down.sql"]
fail-on = "warning"
dialect = "postgres"
tenant-columns = ["tenant_id"]
tenant-roots = ["accounts"]
exposed-schemas = ["public", "api"]
postgres-version = 15
migration-tool = "dbmate"
runner-version = "2.36.0"
x-multi-statement = true
soft-delete-column = "archived_at"
extra-excluded-schemas = ["internal"]
baseline = ".schemalint-baseline.json"
require-suppression-reason = true

[tool.schemalint.rules.SL101]
severity = "warning"
exempt = ["countries"]
"""


def full_config(root: Path, path: Path) -> Config:
    return Config(
        root=root,
        path=path,
        select=("SL1", "unindexed-foreign-key"),
        ignore=("SL402",),
        exclude=("migrations/legacy/", "*.down.sql"),
        fail_on=Severity.WARNING,
        dialect="postgres",
        tenant_columns=("tenant_id",),
        tenant_roots=("accounts",),
        exposed_schemas=("public", "api"),
        postgres_version=15,
        migration_tool="dbmate",
        runner_version=(2, 36, 0),
        multi_statement=True,
        soft_delete_column="archived_at",
        excluded_schemas=DEFAULT_EXCLUDED_SCHEMAS | {"internal"},
        rules={"SL101": RuleConfig(Severity.WARNING, {"exempt": ["countries"]})},
        baseline=root / ".schemalint-baseline.json",
        require_reason=True,
    )


# --- where the configuration comes from ---------------------------------------------------


def test_without_a_config_file_the_defaults_apply_with_cwd_as_root(repo: Path) -> None:
    assert load_config(repo) == Config(root=repo)


def test_every_yaml_key_is_read(repo: Path) -> None:
    path = write(repo / ".schemalint.yaml", FULL_YAML)
    assert load_config(repo) == full_config(repo, path)


def test_every_pyproject_key_is_read(repo: Path) -> None:
    path = write(repo / "pyproject.toml", FULL_TOML)
    assert load_config(repo) == full_config(repo, path)


@pytest.mark.parametrize("name", [".schemalint.yml", "schemalint.yaml"])
def test_other_yaml_file_names_are_found(repo: Path, name: str) -> None:
    path = write(repo / name, "fail-on: info\n")
    assert load_config(repo) == Config(root=repo, path=path, fail_on=Severity.INFO)


def test_config_in_a_parent_folder_is_found_and_becomes_the_root(repo: Path) -> None:
    path = write(repo / "pyproject.toml", '[tool.schemalint]\ndialect = "sqlite"\n')
    cwd = repo / "db" / "migrations"
    cwd.mkdir(parents=True)
    assert load_config(cwd) == Config(root=repo, path=path, dialect="sqlite")


def test_pyproject_without_a_schemalint_table_is_skipped(repo: Path) -> None:
    path = write(repo / ".schemalint.yaml", "dialect: mysql\n")
    write(repo / "app" / "pyproject.toml", '[project]\nname = "app"\n\n[tool.ruff]\nfix = true\n')
    assert load_config(repo / "app") == Config(root=repo, path=path, dialect="mysql")


def test_pyproject_mentioning_schemalint_only_as_a_dependency_is_skipped(repo: Path) -> None:
    write(repo / "app" / "pyproject.toml", '[project]\ndependencies = ["schemalint"]\n')
    assert load_config(repo / "app") == Config(root=repo / "app")


def test_nearest_folder_wins(repo: Path) -> None:
    write(repo / ".schemalint.yaml", "dialect: mysql\n")
    path = write(repo / "app" / "pyproject.toml", '[tool.schemalint]\ndialect = "sqlite"\n')
    assert load_config(repo / "app") == Config(root=repo / "app", path=path, dialect="sqlite")


def test_yaml_file_wins_over_pyproject_in_the_same_folder(repo: Path) -> None:
    path = write(repo / ".schemalint.yaml", "dialect: mysql\n")
    write(repo / "pyproject.toml", '[tool.schemalint]\ndialect = "sqlite"\n')
    assert load_config(repo) == Config(root=repo, path=path, dialect="mysql")


def test_search_stops_at_the_git_root(tmp_path: Path) -> None:
    write(tmp_path / ".schemalint.yaml", "dialect: mysql\n")
    (tmp_path / "project" / ".git").mkdir(parents=True)
    cwd = tmp_path / "project" / "src"
    cwd.mkdir()
    assert load_config(cwd) == Config(root=cwd)


def test_explicit_yaml_file_is_used_instead_of_the_search(repo: Path) -> None:
    write(repo / ".schemalint.yaml", "dialect: mysql\n")
    path = write(repo / "ci" / "lint.yml", "dialect: sqlite\n")
    config = load_config(repo, Path("ci/lint.yml"))
    assert config == Config(root=repo / "ci", path=path, dialect="sqlite")


def test_explicit_toml_file_is_read_like_a_pyproject(repo: Path) -> None:
    path = write(repo / "lint.toml", '[tool.schemalint]\nfail-on = "info"\n')
    assert load_config(repo, path) == Config(root=repo, path=path, fail_on=Severity.INFO)


def test_explicit_file_that_does_not_exist_is_an_error(repo: Path) -> None:
    assert load_error(repo, Path("nope.yaml")) == "nope.yaml: config file not found"


def test_explicit_toml_without_a_schemalint_table_is_an_error(repo: Path) -> None:
    write(repo / "pyproject.toml", '[project]\nname = "schemalint-demo"\n')
    message = load_error(repo, Path("pyproject.toml"))
    assert message == "pyproject.toml: no [tool.schemalint] table"


def test_explicit_file_of_unknown_format_is_an_error(repo: Path) -> None:
    write(repo / "lint.json", "{}")
    message = load_error(repo, Path("lint.json"))
    assert message == "lint.json: expected a .toml, .yaml or .yml file"


def test_empty_yaml_file_means_defaults_rooted_at_its_folder(repo: Path) -> None:
    path = write(repo / ".schemalint.yaml", "# nothing yet\n")
    assert load_config(repo / ".") == Config(root=repo, path=path)


def test_error_in_a_parent_config_names_it_by_absolute_path(repo: Path) -> None:
    write(repo / ".schemalint.yaml", "fail-on: fatal\n")
    (repo / "sub").mkdir()
    message = load_error(repo / "sub")
    assert message == (
        f'{repo}/.schemalint.yaml: fail-on: expected one of error, warning, info, got "fatal"'
    )


# --- settings -----------------------------------------------------------------------------


def test_excluded_schemas_replaces_the_default_list(repo: Path) -> None:
    write(repo / ".schemalint.yaml", "excluded-schemas: [audit]\n")
    assert load_config(repo).excluded_schemas == frozenset({"audit"})


def test_excluded_and_extra_excluded_schemas_combine(repo: Path) -> None:
    write(repo / ".schemalint.yaml", "excluded-schemas: [audit]\nextra-excluded-schemas: [ops]\n")
    assert load_config(repo).excluded_schemas == frozenset({"audit", "ops"})


def test_absolute_baseline_path_is_kept(repo: Path) -> None:
    write(repo / ".schemalint.yaml", "baseline: /var/lib/baseline.json\n")
    assert load_config(repo).baseline == Path("/var/lib/baseline.json")


def test_rule_table_may_be_keyed_by_rule_name(repo: Path) -> None:
    write(repo / ".schemalint.yaml", "rules:\n  unindexed-foreign-key:\n    severity: error\n")
    assert load_config(repo).rules == {"SL201": RuleConfig(Severity.ERROR, {})}


def test_rule_options_are_kept_raw_for_the_rule_to_validate(repo: Path) -> None:
    write(repo / ".schemalint.yaml", "rules:\n  sl401:\n    allow: [sessions]\n    bogus: 1\n")
    expected = {"SL401": RuleConfig(None, {"allow": ["sessions"], "bogus": 1})}
    assert load_config(repo).rules == expected


def test_unquoted_yaml_off_severity_turns_the_rule_off(repo: Path) -> None:
    write(repo / ".schemalint.yaml", "ignore: [SL002]\nrules:\n  SL402:\n    severity: off\n")
    config = load_config(repo)
    assert (config.ignore, config.rules) == (("SL002", "SL402"), {"SL402": RuleConfig(None, {})})


def test_off_severity_in_toml_turns_the_rule_off(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.schemalint.rules.hard-delete]\nseverity = "off"\n')
    assert load_config(repo).ignore == ("SL401",)


def test_excludes_from_a_config_file_are_relative_to_its_folder(repo: Path) -> None:
    write(repo / ".schemalint.yaml", "exclude: [/migrations/legacy/]\n")
    (repo / "db").mkdir()
    config = load_config(repo / "db")
    assert [
        config.is_excluded(repo / "migrations/legacy/1.sql"),
        config.is_excluded(repo / "db/migrations/legacy/1.sql"),
    ] == [True, False]


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (
            "tenant-column: [team_id]\n",
            'unknown key "tenant-column" (did you mean "tenant-columns"?)',
        ),
        ("fail_on: error\n", 'unknown key "fail_on" (did you mean "fail-on"?)'),
        ("colour: red\n", 'unknown key "colour"'),
        ("- SL101\n", "expected a mapping of settings, got a list"),
        ("fail-on: fatal\n", 'fail-on: expected one of error, warning, info, got "fatal"'),
        (
            "dialect: oracle\n",
            'dialect: expected one of auto, postgres, mysql, sqlite, got "oracle"',
        ),
        ("select: SL101\n", 'select: expected a list of strings, got "SL101"'),
        (
            "postgres-version: '15'\n",
            'postgres-version: expected a PostgreSQL major version such as 15, got "15"',
        ),
        (
            "postgres-version: 150\n",
            "postgres-version: expected a PostgreSQL major version such as 15, got 150",
        ),
        (
            "migration-tool: liquibase\n",
            "migration-tool: expected one of prisma, graphile, drizzle, golang-migrate, flyway, "
            'dbmate, goose, supabase, psql, got "liquibase"',
        ),
        ("runner-version: 2.1\n", 'runner-version: expected a version such as "2.109.0", got 2.1'),
        (
            "runner-version: latest\n",
            'runner-version: expected a version such as "2.109.0", got "latest"',
        ),
        ("tenant-columns: [org_id, 7]\n", "tenant-columns[1]: expected a non-empty string, got 7"),
        ("exposed-schemas: {a: 1}\n", "exposed-schemas: expected a list of strings, got a mapping"),
        ("soft-delete-column: ''\n", 'soft-delete-column: expected a non-empty string, got ""'),
        ("baseline:\n", "baseline: expected a non-empty string, got null"),
        (
            "require-suppression-reason: 1\n",
            "require-suppression-reason: expected true or false, got 1",
        ),
        (
            "exclude: ['[z-a].sql']\n",
            'exclude[0]: invalid pattern "[z-a].sql": bad character range z-a',
        ),
        ("rules: [SL101]\n", "rules: expected a mapping keyed by rule code, got a list"),
        ("rules:\n  SL999: {}\n", 'rules: unknown rule "SL999" (did you mean "SL609"?)'),
        (
            "rules:\n  hard-delet: {}\n",
            'rules: unknown rule "hard-delet" (did you mean "hard-delete"?)',
        ),
        (
            "rules:\n  SL101: warning\n",
            'rules.SL101: expected a mapping of rule settings, got "warning"',
        ),
        (
            "rules:\n  ' SL101 ': warning\n",
            'rules." SL101 ": expected a mapping of rule settings, got "warning"',
        ),
        ('rules:\n  "no such\\nrule": {}\n', 'rules: unknown rule "no such\\nrule"'),
        (
            "rules:\n  SL101: {severity: fatal}\n",
            'rules.SL101.severity: expected one of error, warning, info, off, got "fatal"',
        ),
        (
            "rules:\n  SL201: {}\n  unindexed-foreign-key: {}\n",
            'rules: SL201 is configured twice (as "SL201" and "unindexed-foreign-key")',
        ),
    ],
)
def test_invalid_yaml_setting_is_one_line_naming_file_and_key(
    repo: Path, yaml_text: str, message: str
) -> None:
    write(repo / ".schemalint.yaml", yaml_text)
    assert load_error(repo) == f".schemalint.yaml: {message}"


def test_invalid_pyproject_setting_names_the_full_key(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.schemalint]\nfail-on = "fatal"\n')
    assert load_error(repo) == (
        'pyproject.toml: tool.schemalint.fail-on: expected one of error, warning, info, got "fatal"'
    )


def test_unknown_pyproject_key_names_the_table(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.schemalint]\nexclude-schemas = ["x"]\n')
    assert load_error(repo) == (
        'pyproject.toml: tool.schemalint: unknown key "exclude-schemas"'
        ' (did you mean "excluded-schemas"?)'
    )


def test_schemalint_entry_that_is_not_a_table_is_an_error(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool]\nschemalint = "strict"\n')
    assert load_error(repo) == (
        'pyproject.toml: tool.schemalint: expected a table of settings, got "strict"'
    )


def test_invalid_toml_reports_line_column_and_parser_message(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.schemalint]\nfail-on = "error"\nselect = [SL1]\n')
    assert load_error(repo) == "pyproject.toml:3:11: invalid TOML: Invalid value"


def test_toml_ending_inside_a_value_reports_the_last_line(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.schemalint]\nselect = ["SL1"\n')
    assert load_error(repo) == "pyproject.toml:2: invalid TOML: Unclosed array"


def test_invalid_yaml_reports_line_column_and_parser_message(repo: Path) -> None:
    write(repo / ".schemalint.yaml", "select: [SL1]\n  ignore: [SL2]\n")
    assert load_error(repo) == (
        ".schemalint.yaml:2:3: invalid YAML: while parsing a block mapping,"
        " expected <block end>, but found '<block mapping start>'"
    )


def test_yaml_python_tags_are_rejected_not_executed(repo: Path) -> None:
    marker = repo / "executed"
    write(
        repo / ".schemalint.yaml",
        f'fail-on: error\nselect: !!python/object/apply:os.system ["touch {marker}"]\n',
    )
    assert load_error(repo) == (
        ".schemalint.yaml:2:9: invalid YAML: could not determine a constructor for the tag"
        " 'tag:yaml.org,2002:python/object/apply:os.system'"
    )
    assert not marker.exists()


def test_config_that_is_not_utf8_is_an_error(repo: Path) -> None:
    (repo / ".schemalint.yaml").write_bytes(b"dialect: \xff\n")
    assert load_error(repo) == ".schemalint.yaml:1: not valid UTF-8"


def test_folder_named_like_a_config_file_is_not_a_config(repo: Path) -> None:
    (repo / ".schemalint.yaml").mkdir()
    assert load_config(repo) == Config(root=repo)


# --- robustness ---------------------------------------------------------------------------

yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
config_keys = st.sampled_from(
    ["select", "exclude", "fail-on", "dialect", "tenant-columns", "rules", "baseline", "x"]
)


@settings(max_examples=150, deadline=None)
@given(
    document=st.dictionaries(config_keys, yaml_values, max_size=4)
    | st.dictionaries(st.just("rules"), st.dictionaries(st.text(max_size=6), yaml_values))
)
def test_any_yaml_document_loads_or_fails_with_a_config_error(
    tmp_path_factory: pytest.TempPathFactory, document: dict[str, object]
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / ".git").mkdir()
    write(folder / ".schemalint.yaml", yaml.safe_dump(document))
    try:
        config = load_config(folder)
    except ConfigError as error:
        assert str(error).startswith(".schemalint.yaml: ")
        assert "\n" not in str(error)
    else:
        assert config.path == folder / ".schemalint.yaml"


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=60))
def test_any_text_as_pyproject_loads_or_fails_with_a_config_error(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / ".git").mkdir()
    write(folder / "pyproject.toml", "[tool.schemalint]\n" + text)
    try:
        load_config(folder)
    except ConfigError as error:
        assert str(error).startswith("pyproject.toml")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # Both were internal errors (RecursionError) from 500 levels on.
        (".schemalint.yaml", "select: " + "[" * 600 + "]" * 600 + "\n"),
        ("pyproject.toml", "[tool.schemalint]\nselect = " + "[" * 600 + "]" * 600 + "\n"),
        (".schemalint.yaml", "rules:\n  SL401:\n    allow: " + "[" * 101 + "]" * 101 + "\n"),
        ("pyproject.toml", "[tool.schemalint]\nx = " + "{a = " * 101 + "1" + "}" * 101 + "\n"),
    ],
)
def test_a_config_nested_too_deeply_is_one_line(repo: Path, name: str, text: str) -> None:
    write(repo / name, text)
    assert load_error(repo) == f"{name}: nested more than 100 levels deep"


def test_a_config_with_a_huge_integer_is_one_line(repo: Path) -> None:
    write(repo / ".schemalint.yaml", "cache: " + "9" * 5001 + "\n")
    assert load_error(repo) == ".schemalint.yaml: invalid YAML: a number has too many digits"


def test_a_config_that_is_a_fifo_or_a_device_is_refused_without_reading(repo: Path) -> None:
    os.mkfifo(repo / ".schemalint.yaml")  # found by the search; reading it would block
    assert load_error(repo) == ".schemalint.yaml: cannot read: not a regular file"
    (repo / ".schemalint.yaml").unlink()
    os.mkfifo(repo / "pyproject.toml")
    assert load_error(repo) == "pyproject.toml: cannot read: not a regular file"
    os.mkfifo(repo / "named.yaml")
    assert load_error(repo, Path("named.yaml")) == "named.yaml: cannot read: not a regular file"


def test_a_config_over_the_size_cap_is_refused(repo: Path) -> None:
    with (repo / "pyproject.toml").open("wb") as stream:
        stream.truncate(1024 * 1024 + 1)
    assert load_error(repo) == "pyproject.toml: cannot read: larger than the 1 MiB limit"
