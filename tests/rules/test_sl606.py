"""SL606 mutable-search-path, with its per-finding severity."""

from __future__ import annotations

from pathlib import Path

from schemalint import engine
from schemalint.config import Config, RuleConfig
from schemalint.findings import Severity
from schemalint.inputs.discovery import Discovery, Stream
from schemalint.source import SourceFile
from schemalint.tools.registry import TOOLS

PLAIN = "CREATE FUNCTION public.total(o uuid) RETURNS bigint LANGUAGE sql AS $$ SELECT 1 $$;\n"
DEFINER = (
    "CREATE FUNCTION public.handle_new_user() RETURNS trigger LANGUAGE plpgsql\n"
    "SECURITY DEFINER AS $$ BEGIN RETURN NEW; END $$;\n"
)


def _run(
    tmp_path: Path, *sql: str, severity: str | None = None
) -> list[tuple[str, str, int, int, str, str]]:
    """Findings with the severity each one gets (``severity``: the rule's configured one)."""
    files = [(f"m/000{n}.sql", text) for n, text in enumerate(sql, 1)]
    sources = tuple(SourceFile(path, text) for path, text in files)
    rules = {"SL606": RuleConfig(severity=Severity(severity) if severity else None)}
    discovery = Discovery(
        (Stream(tmp_path, TOOLS["plain"], sources),), (), frozenset(p for p, _ in files)
    )
    result = engine.lint(discovery, Config(root=tmp_path, select=("SL606",), rules=rules))
    by_path = {s.path: s for s in sources}
    out = []
    for f in result.findings:
        position = by_path[f.path].position(f.span.start)
        out.append((f.code, f.path, position.line, position.column, f.severity.value, f.message))
    return out


def test_functions_without_search_path_are_reported_definer_ones_as_errors(
    tmp_path: Path,
) -> None:
    assert _run(tmp_path, PLAIN + DEFINER) == [
        (
            "SL606", "m/0001.sql", 1, 17, "warning",
            "Function `public.total(uuid)` does not set `search_path`",
        ),
        (
            "SL606", "m/0001.sql", 2, 17, "error",
            "`SECURITY DEFINER` function `public.handle_new_user()` does not set `search_path`",
        ),
    ]  # fmt: skip


def test_a_configured_severity_applies_to_every_finding(tmp_path: Path) -> None:
    assert [f[4] for f in _run(tmp_path, PLAIN + DEFINER, severity="info")] == ["info", "info"]


def test_alter_function_set_search_path_clears_it_and_reset_brings_it_back(
    tmp_path: Path,
) -> None:
    pin = "ALTER FUNCTION public.total(uuid) SET search_path TO public, pg_temp;\n"
    assert _run(tmp_path, PLAIN, pin) == []
    reset = "ALTER FUNCTION total RESET ALL;\n"
    assert _run(tmp_path, PLAIN, pin, reset) == [
        (
            "SL606", "m/0003.sql", 1, 1, "warning",
            "Function `public.total(uuid)` does not set `search_path`",
        ),
    ]  # fmt: skip


def test_any_value_satisfies_it_and_replace_without_it_brings_it_back(tmp_path: Path) -> None:
    pinned = PLAIN.replace("LANGUAGE sql", "LANGUAGE sql SET search_path = ''")
    assert _run(tmp_path, pinned) == []
    replaced = PLAIN.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    assert _run(tmp_path, pinned, replaced) == [
        (
            "SL606", "m/0002.sql", 1, 28, "warning",
            "Function `public.total(uuid)` does not set `search_path`",
        ),
    ]  # fmt: skip


def test_platform_schemas_are_not_judged(tmp_path: Path) -> None:
    assert _run(tmp_path, PLAIN.replace("public.", "auth.")) == []
