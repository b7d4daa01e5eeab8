"""Configuration: ``[tool.schemalint]`` in pyproject.toml or ``.schemalint.yaml``.

Settings are hand-validated; each error is one line naming the file and the key. Rule options
are kept raw and checked by the engine against the rule's own options class
(``schemalint.rules.options``), with errors in the same words.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemalint.findings import Severity
from schemalint.frozen import frozen
from schemalint.inputs import documents
from schemalint.inputs.pathmatch import PathMatcher
from schemalint.rules.base import DEFAULT_EXCLUDED_SCHEMAS
from schemalint.tools import dialects

YAML_NAMES = (".schemalint.yaml", ".schemalint.yml", "schemalint.yaml")
PYPROJECT = "pyproject.toml"
DIALECTS = ("auto", *dialects.DIALECTS)


class ConfigError(Exception):
    """A configuration problem, worded as the one line the user sees (with file and key)."""


@dataclass(frozen=True)
class RuleConfig:
    """Per-rule settings: a severity override and the raw options (validated by the rule)."""

    severity: Severity | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    """The effective configuration.

    ``root`` is the folder the config file sits in (or the working directory): ``exclude``
    patterns (gitignore-style) are relative to it. ``select``/``ignore`` hold codes, names or
    code prefixes (``SL1``); an empty ``select`` means every rule. ``rules`` is keyed by code.
    ``cache`` is ``None`` when the file does not say; a ``cache_dir`` alone turns the cache on.
    """

    root: Path
    path: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    dialect: str = "auto"
    tenant_columns: tuple[str, ...] = ("organization_id", "workspace_id")
    # Empty: inferred from the foreign keys tenant columns hold, else by name.
    tenant_roots: tuple[str, ...] = ()
    # None: from the project (supabase/config.toml, Supabase defaults, none otherwise).
    exposed_schemas: tuple[str, ...] | None = None
    postgres_version: int | None = None
    # The runner of folders that do not say (a plain folder), and the runner's version.
    migration_tool: str | None = None
    runner_version: tuple[int, ...] | None = None
    # golang-migrate's x-multi-statement option (each statement runs on its own).
    multi_statement: bool = False
    soft_delete_column: str = "deleted_at"
    excluded_schemas: frozenset[str] = DEFAULT_EXCLUDED_SCHEMAS
    rules: Mapping[str, RuleConfig] = field(default_factory=dict)
    baseline: Path | None = None
    require_reason: bool = False
    cache: bool | None = None
    cache_dir: Path | None = None
    _matcher: PathMatcher = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_matcher", PathMatcher.compile(self.exclude))

    def is_excluded(self, path: Path) -> bool:
        """Whether ``exclude`` matches ``path`` (absolute, or relative to ``root``)."""
        if not self._matcher.patterns:
            return False
        absolute = Path(os.path.normpath(self.root / path))
        parts = _parts_under(absolute, self.root)
        if parts is None:
            parts = _parts_under(absolute.resolve(), self.root.resolve())
        if not parts:
            return False
        return self._matcher.excludes(parts, self._matcher.has_dir_patterns and absolute.is_dir())


def _parts_under(path: Path, root: Path) -> tuple[str, ...] | None:
    try:
        return path.relative_to(root).parts
    except ValueError:
        return None


def load_config(cwd: Path, explicit: Path | None = None) -> Config:
    """The configuration for a run started in ``cwd``.

    ``explicit`` (``--config``) may be a pyproject-style ``.toml`` file (``[tool.schemalint]``)
    or a ``.yaml``/``.yml`` file (a top-level mapping). Otherwise the nearest folder from
    ``cwd`` upwards, stopping at the git root, holding ``.schemalint.yaml`` (``.yml``,
    ``schemalint.yaml``) or a pyproject.toml with a ``[tool.schemalint]`` table provides it.
    """
    cwd = cwd.resolve()
    if explicit is not None:
        path = (cwd / explicit).resolve()
        if not path.exists():
            raise ConfigError(f"{_display(path, cwd)}: config file not found")
        if path.suffix == ".toml":
            table = _pyproject_table(path, cwd)
            if table is None:
                raise ConfigError(f"{_display(path, cwd)}: no [tool.schemalint] table")
            return table.build()
        if path.suffix in (".yaml", ".yml"):
            return _yaml_table(path, cwd).build()
        raise ConfigError(f"{_display(path, cwd)}: expected a .toml, .yaml or .yml file")
    for folder in (cwd, *cwd.parents):
        for name in YAML_NAMES:
            # Not is_file(): a FIFO or device of that name is an error, not silently passed over.
            if _present(folder / name):
                return _yaml_table(folder / name, cwd).build()
        if _present(folder / PYPROJECT):
            found = _pyproject_table(folder / PYPROJECT, cwd)
            if found is not None:
                return found.build()
        if (folder / ".git").exists():
            break
    return Config(root=cwd)


def _present(path: Path) -> bool:
    return path.exists() and not path.is_dir()


def describe_key(config: Config, key: str, cwd: Path) -> str:
    """``file: key`` as config errors name a setting: the file relative to ``cwd`` when under
    it, and a pyproject.toml's keys under ``tool.schemalint``."""
    if config.path is None:
        return key
    prefix = "tool.schemalint." if config.path.suffix == ".toml" else ""
    return f"{_display(config.path, cwd.resolve())}: {prefix}{key}"


def _display(path: Path, cwd: Path) -> str:
    parts = _parts_under(path, cwd)
    return "/".join(parts) if parts else str(path)


def _read(path: Path, cwd: Path) -> str:
    try:
        return documents.read_text(path, documents.MAX_CONFIG_BYTES)
    except documents.UnreadableDocument as error:
        raise ConfigError(f"{_display(path, cwd)}: cannot read: {error.reason}") from None
    except documents.DocumentError as error:
        raise _document_error(path, cwd, error) from None


def _document_error(path: Path, cwd: Path, error: documents.DocumentError) -> ConfigError:
    return ConfigError(f"{_display(path, cwd)}{error.where}: {error.reason}")


def _pyproject_table(path: Path, cwd: Path) -> _Table | None:
    text = _read(path, cwd)
    if "schemalint" not in text:
        return None
    try:
        document = documents.parse_toml(text)
    except documents.DocumentError as error:
        raise _document_error(path, cwd, error) from None
    tool = document.get("tool")
    if not isinstance(tool, dict) or "schemalint" not in tool:
        return None
    return _Table(path, cwd, "tool.schemalint", tool["schemalint"])


def _yaml_table(path: Path, cwd: Path) -> _Table:
    text = _read(path, cwd)
    try:
        document = documents.parse_yaml(text)
    except documents.DocumentError as error:
        raise _document_error(path, cwd, error) from None
    return _Table(path, cwd, "", {} if document is None else document, "mapping")


def _show(value: object, mapping: str = "table") -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return f"a {mapping}"
    if isinstance(value, list):
        return "a list"
    return f'"{value}"'


@frozen
class _Table:
    """The raw settings of one file, with where they came from (for error messages)."""

    path: Path
    cwd: Path
    prefix: str
    raw: object
    # What the format calls a key/value collection: TOML "table", YAML "mapping".
    mapping: str = "table"

    def show(self, value: object) -> str:
        return _show(value, self.mapping)

    def error(self, key: str, problem: str) -> ConfigError:
        keypath = ".".join(part for part in (self.prefix, key) if part)
        where = f"{keypath}: " if keypath else ""
        return ConfigError(f"{_display(self.path, self.cwd)}: {where}{problem}")

    def build(self) -> Config:
        if not isinstance(self.raw, dict):
            raise self.error(
                "", f"expected a {self.mapping} of settings, got {self.show(self.raw)}"
            )
        settings: dict[str, Any] = {}
        extra_excluded: frozenset[str] = frozenset()
        rules: dict[str, RuleConfig] = {}
        off: tuple[str, ...] = ()
        for raw_key, value in self.raw.items():
            key = str(raw_key)
            if key == "rules":
                rules, off = self.rules(value)
            elif key == "extra-excluded-schemas":
                extra_excluded = frozenset(self.strings(key, value))
            elif key in _SETTINGS:
                attribute, convert = _SETTINGS[key]
                settings[attribute] = convert(self, key, value)
            else:
                raise self.error("", f"unknown key {_show(key)}{_suggest(key, _KEYS)}")
        excluded = settings.get("excluded_schemas", DEFAULT_EXCLUDED_SCHEMAS)
        settings["excluded_schemas"] = excluded | extra_excluded
        settings["ignore"] = (*settings.get("ignore", ()), *off)
        for relative in ("baseline", "cache_dir"):
            if relative in settings:
                settings[relative] = self.path.parent / settings[relative]
        return Config(root=self.path.parent, path=self.path, rules=rules, **settings)

    def string(self, key: str, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"expected a non-empty string, got {self.show(value)}")
        return value

    def strings(self, key: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.error(key, f"expected a list of strings, got {self.show(value)}")
        return tuple(self.string(f"{key}[{index}]", item) for index, item in enumerate(value))

    def choice(self, key: str, value: object, allowed: tuple[str, ...]) -> str:
        if not isinstance(value, str) or value not in allowed:
            expected = ", ".join(allowed)
            raise self.error(key, f"expected one of {expected}, got {self.show(value)}")
        return value

    def patterns(self, key: str, value: object) -> tuple[str, ...]:
        patterns = self.strings(key, value)
        for index, pattern in enumerate(patterns):
            try:
                PathMatcher.compile([pattern])
            except ValueError as error:
                raise self.error(
                    f"{key}[{index}]", f"invalid pattern {_show(pattern)}: {error}"
                ) from None
        return patterns

    def selectors(self, key: str, value: object) -> tuple[str, ...]:
        """Rule selectors, each naming some rule: a typo would otherwise silently lint less."""
        selectors = self.strings(key, value)
        for index, selector in enumerate(selectors):
            problem = selector_problem(selector)
            if problem:
                raise self.error(f"{key}[{index}]", problem)
        return selectors

    def flag(self, key: str, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {self.show(value)}")
        return value

    def rules(self, value: object) -> tuple[dict[str, RuleConfig], tuple[str, ...]]:
        """Per-rule tables, keyed by code; also the codes whose severity is ``off``."""
        if not isinstance(value, dict):
            raise self.error(
                "rules", f"expected a {self.mapping} keyed by rule code, got {self.show(value)}"
            )
        rules: dict[str, RuleConfig] = {}
        spelled: dict[str, str] = {}
        off: list[str] = []
        for raw_key, settings in value.items():
            written = str(raw_key)
            key = f"rules.{written}" if _PLAIN_KEY.fullmatch(written) else f"rules.{_show(written)}"
            code = _rule_code(written)
            if code is None:
                raise self.error("rules", f"unknown rule {_show(written)}{_suggest_rule(written)}")
            if code in spelled:
                raise self.error(
                    "rules",
                    f"{code} is configured twice (as {_show(spelled[code])} and {_show(written)})",
                )
            spelled[code] = written
            if not isinstance(settings, dict):
                raise self.error(
                    key, f"expected a {self.mapping} of rule settings, got {self.show(settings)}"
                )
            options = {str(name): option for name, option in settings.items()}
            severity: Severity | None = None
            if "severity" in options:
                # YAML 1.1 reads an unquoted `off` as false.
                level = options.pop("severity")
                level = "off" if level is False else level
                chosen = self.choice(f"{key}.severity", level, ("error", "warning", "info", "off"))
                if chosen == "off":
                    off.append(code)
                else:
                    severity = Severity(chosen)
            rules[code] = RuleConfig(severity=severity, options=options)
        return rules, tuple(off)


def _rule_code(written: str) -> str | None:
    """The code of the rule that ``written`` (a code or a name) designates."""
    from schemalint.rules.registry import find_rule

    rule = find_rule(written)
    return rule.code if rule is not None else None


def selector_problem(selector: str) -> str | None:
    """Why ``selector`` (a code, a name or a code prefix) selects no rule, or None if it does."""
    from schemalint.engine import selects
    from schemalint.rules.registry import ALL_RULES

    if any(selects((selector,), rule) for rule in ALL_RULES):
        return None
    return (
        f"no rule has the code, name or code prefix {_show(selector)}"
        f"{_suggest_rule(selector.strip()) or ' (see `schemalint rules`)'}"
    )


def _suggest_rule(written: str) -> str:
    """`` (did you mean "SL401"?)`` for the nearest rule code or name, any case, or nothing."""
    from schemalint.rules.registry import ALL_RULES

    spelled = {rule.code.lower(): rule.code for rule in ALL_RULES}
    spelled.update((rule.name, rule.name) for rule in ALL_RULES)
    nearest = _nearest(written.lower(), tuple(spelled))
    return f' (did you mean "{spelled[nearest]}"?)' if nearest else ""


def _suggest(key: str, known: tuple[str, ...]) -> str:
    nearest = _nearest(key, known)
    return f' (did you mean "{nearest}"?)' if nearest else ""


# Characters typed for the digits they look like: "SL40l" is SL401.
_LOOKALIKES = str.maketrans({"l": "1", "i": "1", "o": "0", "L": "1", "I": "1", "O": "0"})


def _nearest(key: str, known: tuple[str, ...]) -> str | None:
    """The closest of ``known`` (similarity 0.6 or more), or None."""
    import difflib

    if key[:2].lower() == "sl":
        digits = key[:2] + key[2:].translate(_LOOKALIKES)
        if digits != key and digits in known:
            return digits
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return close[0] if close else None


def _severity(table: _Table, key: str, value: object) -> Severity:
    return Severity(table.choice(key, value, ("error", "warning", "info")))


def _postgres_version(table: _Table, key: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 9 <= value <= 99:
        raise table.error(
            key, f"expected a PostgreSQL major version such as 15, got {table.show(value)}"
        )
    return value


def _runner_version(table: _Table, key: str, value: object) -> tuple[int, ...]:
    from schemalint.tools.transactions import parse_version

    version = parse_version(value) if isinstance(value, str) else None
    if version is None:
        raise table.error(key, f'expected a version such as "2.109.0", got {table.show(value)}')
    return version


def _migration_tool(table: _Table, key: str, value: object) -> str:
    from schemalint.tools.registry import RUNNERS

    return table.choice(key, value, tuple(RUNNERS))


_PLAIN_KEY = re.compile(r"[\w-]+", re.ASCII)
_Converter = Callable[[_Table, str, object], Any]
_SETTINGS: Mapping[str, tuple[str, _Converter]] = {
    "select": ("select", _Table.selectors),
    "ignore": ("ignore", _Table.selectors),
    "exclude": ("exclude", _Table.patterns),
    "fail-on": ("fail_on", _severity),
    "dialect": ("dialect", lambda table, key, value: table.choice(key, value, DIALECTS)),
    "tenant-columns": ("tenant_columns", _Table.strings),
    "tenant-roots": ("tenant_roots", _Table.strings),
    "exposed-schemas": ("exposed_schemas", _Table.strings),
    "soft-delete-column": ("soft_delete_column", _Table.string),
    "excluded-schemas": ("excluded_schemas", lambda t, k, v: frozenset(t.strings(k, v))),
    "baseline": ("baseline", _Table.string),
    "require-suppression-reason": ("require_reason", _Table.flag),
    "cache": ("cache", _Table.flag),
    "cache-dir": ("cache_dir", _Table.string),
    "postgres-version": ("postgres_version", _postgres_version),
    "migration-tool": ("migration_tool", _migration_tool),
    "runner-version": ("runner_version", _runner_version),
    "x-multi-statement": ("multi_statement", _Table.flag),
}
_KEYS = (*_SETTINGS, "extra-excluded-schemas", "rules")
