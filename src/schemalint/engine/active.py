"""The selected rules with their options, and what every rule is told about the run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemalint.config import Config, ConfigError
from schemalint.findings import Severity
from schemalint.inputs.discovery import Stream
from schemalint.rules.base import Rule, RuleOptions, Settings
from schemalint.rules.registry import ALL_RULES


@dataclass(frozen=True)
class ActiveRule:
    """A selected rule with its validated options and effective severity."""

    rule: Rule[Any]
    options: RuleOptions
    severity: Severity
    # The configuration set ``severity``: it then wins over a finding's own severity.
    configured: bool = False


def selects(selectors: Iterable[str], rule: type[Rule[Any]]) -> bool:
    """Whether any selector (a code, a name or a code prefix such as ``SL1``) names ``rule``."""
    for selector in selectors:
        wanted = selector.strip()
        if wanted.lower() == rule.name or rule.code.startswith(wanted.upper()):
            return True
    return False


def active_rules(config: Config) -> list[ActiveRule]:
    """The rules the config selects, with options validated (a bad option is a ConfigError)."""
    active = []
    for rule_class in ALL_RULES:
        if config.select and not selects(config.select, rule_class):
            continue
        if selects(config.ignore, rule_class):
            continue
        rule_config = config.rules.get(rule_class.code)
        raw_options = dict(rule_config.options) if rule_config else {}
        options = _options(rule_class, raw_options, config)
        severity = rule_config.severity if rule_config and rule_config.severity else None
        active.append(
            ActiveRule(rule_class(), options, severity or rule_class.severity, severity is not None)
        )
    return active


def _options(rule_class: type[Rule[Any]], raw: dict[str, Any], config: Config) -> RuleOptions:
    if not raw:
        return rule_class.options_model()
    from schemalint.config import describe_key
    from schemalint.rules.options import OptionError

    yaml = config.path is not None and config.path.suffix in (".yaml", ".yml")
    try:
        return rule_class.options_model.model_validate(raw, "mapping" if yaml else "table")
    except OptionError as error:
        key = ".".join(part for part in (f"rules.{rule_class.code}", error.key) if part)
        raise ConfigError(f"{describe_key(config, key, Path.cwd())}: {error.problem}") from None


def settings_for(
    config: Config, dialect: str, origin: str, stream: Stream | None = None
) -> Settings:
    """What every rule is told about the run; for a stream, with its project facts."""
    facts = None
    if stream is not None:
        from schemalint.tools.project import stream_facts

        facts = stream_facts(config, stream)
    return Settings(
        dialect=dialect,
        origin=origin,
        excluded_schemas=config.excluded_schemas,
        tenant_columns=config.tenant_columns,
        tenant_roots=config.tenant_roots,
        exposed_schemas=facts.exposed_schemas if facts else (config.exposed_schemas or ()),
        soft_delete_column=config.soft_delete_column,
        tool=stream.tool if stream is not None else None,
        runner_version=config.runner_version,
        postgres_version=facts.postgres_version if facts else config.postgres_version,
        multi_statement=config.multi_statement,
        opted_out_files=stream.opted_out if stream is not None else frozenset(),
    )
