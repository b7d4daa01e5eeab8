"""Configuration: ``[tool.schemalint]`` in pyproject.toml or ``.schemalint.yaml``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemalint.findings import Severity
from schemalint.rules.base import DEFAULT_EXCLUDED_SCHEMAS


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
    """

    root: Path
    path: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    dialect: str = "auto"
    tenant_columns: tuple[str, ...] = ("organization_id", "workspace_id")
    exposed_schemas: tuple[str, ...] = ("public",)
    soft_delete_column: str = "deleted_at"
    excluded_schemas: frozenset[str] = DEFAULT_EXCLUDED_SCHEMAS
    rules: Mapping[str, RuleConfig] = field(default_factory=dict)
    baseline: Path | None = None
    require_reason: bool = False
