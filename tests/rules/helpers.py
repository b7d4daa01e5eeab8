"""Running rules in tests: through the engine on real files, or on a hand-built catalog."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from schemalint import engine, ir
from schemalint.catalog.model import Catalog
from schemalint.config import Config, RuleConfig
from schemalint.findings import Finding, Fix, Help
from schemalint.inputs.discovery import Discovery, PrismaSchema, Stream
from schemalint.rules.base import (
    ChangeContext,
    ChangeRule,
    Rule,
    SchemaContext,
    SchemaRule,
    Settings,
)
from schemalint.source import SourceFile, Span
from schemalint.tools.registry import TOOLS

Seen = tuple[str, str, int, int, str]
# What a rule reported: what the user sees, the help, the fix.
Reported = tuple[Seen, str, Fix | None]


def seen(finding: Finding, source: SourceFile) -> Seen:
    """What a user sees of a finding: code, path, line, column, message."""
    position = source.position(finding.span.start)
    return (finding.code, finding.path, position.line, position.column, finding.message)


def lint(
    root: Path,
    files: Sequence[tuple[str, str]],
    select: Sequence[str],
    *,
    prisma: bool = False,
    targets: Sequence[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    layout: str = "plain",
    project: Mapping[str, Any] | None = None,
) -> tuple[list[Seen], list[Finding]]:
    """Lint ``files`` as one migration stream (or one Prisma schema) with only ``select`` on.

    ``layout`` names the tool the stream belongs to (``plain``: a folder of SQL files);
    ``project``: project-wide settings (``Config`` fields, e.g. ``tenant_roots``).
    """
    # As discovery reads them: what the tool never applies (down sections) blanked.
    mask = None if prisma else TOOLS[layout].mask
    sources = tuple(SourceFile(path, text, mask(text) if mask else "") for path, text in files)
    wanted = frozenset(targets if targets is not None else (path for path, _ in files))
    if prisma:
        discovery = Discovery((), (PrismaSchema(root, sources),), wanted)
    else:
        tool = TOOLS[layout]
        discovery = Discovery((Stream(root, tool, sources),), (), wanted)
    rules = {code: RuleConfig(options=dict(opts)) for code, opts in (options or {}).items()}
    result = engine.lint(
        discovery, Config(root=root, select=tuple(select), rules=rules, **(project or {}))
    )
    by_path = {source.path: source for source in sources}
    found = list(result.findings)
    return [seen(f, by_path[f.path]) for f in found], found


def lint_exposed(
    root: Path, code: str, sql: Sequence[str], options: Mapping[str, Any] | None = None
) -> list[Seen]:
    """Lint ``sql`` as migrations ``m/0001.sql``, ``m/0002.sql``, ... with only rule ``code`` on
    and the ``public`` schema exposed (as on Supabase)."""
    files = [(f"m/000{n}.sql", text) for n, text in enumerate(sql, 1)]
    project = {"exposed_schemas": ("public",)}
    return lint(root, files, [code], project=project, options={code: options or {}})[0]


def lint_project(
    root: Path,
    files: Sequence[tuple[str, str]],
    select: Sequence[str],
    *,
    paths: Sequence[str] = (".",),
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Seen]:
    """Write ``files`` under ``root`` and lint ``paths`` there as the CLI would discover them."""
    from schemalint.inputs.discovery import discover

    for path, text in files:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    discovery = discover([Path(p) for p in paths], cwd=root)
    rules = {code: RuleConfig(options=dict(opts)) for code, opts in (options or {}).items()}
    result = engine.lint(discovery, Config(root=root, select=tuple(select), rules=rules))
    return [seen(f, result.sources[f.path]) for f in result.findings]


def _recorder(code: str, source: SourceFile) -> tuple[list[Reported], Callable[..., None]]:
    """A list and the ``ctx.report`` that appends to it, for a rule run on its own."""
    reported: list[Reported] = []

    def report(span: Span, message: str, help: str | Help, fix: Fix | None, *rest: object) -> None:
        position = source.position(span.start)
        seen = (code, span.path, position.line, position.column, message)
        # The help as the reporter writes it (a ``Help`` is built when read).
        reported.append((seen, str(help), fix))

    return reported, report


def check_catalog(
    rule: type[SchemaRule[Any]],
    catalog: Catalog,
    source: SourceFile,
    *,
    options: Mapping[str, Any] | None = None,
    settings: Settings | None = None,
) -> list[Reported]:
    """Run one schema rule on a hand-built catalog; findings with their help and fix."""
    reported, report = _recorder(rule.code, source)
    ctx: SchemaContext[Any] = SchemaContext(
        options=rule.options_model.model_validate(options or {}),
        settings=settings or Settings(),
        catalog=catalog,
        _report=report,
        sources={source.path: source},
    )
    rule().check(ctx)
    return reported


def span_of(source: SourceFile, needle: str, occurrence: int = 1) -> Span:
    """The span of the ``occurrence``-th ``needle`` in ``source``."""
    start = -1
    for _ in range(occurrence):
        start = source.text.index(needle, start + 1)
    return source.span(start, start + len(needle))


def apply_fix(text: str, fix: Fix) -> str:
    for edit in sorted(fix.edits, key=lambda e: e.span.start, reverse=True):
        text = text[: edit.span.start] + edit.replacement + text[edit.span.end :]
    return text


def apply_fix_to_files(files: Sequence[tuple[str, str]], fix: Fix) -> list[tuple[str, str]]:
    """``files`` with ``fix`` applied: edits of a file in place, an edit of a path that is not
    among them creates that file (a fix that writes a new migration)."""
    texts = dict(files)
    for path in dict.fromkeys(edit.span.path for edit in fix.edits):
        own = Fix(fix.description, tuple(e for e in fix.edits if e.span.path == path))
        texts[path] = apply_fix(texts.get(path, ""), own)
    return list(texts.items())


def rule_class(code: str) -> type[Rule[Any]]:
    from schemalint.rules.registry import find_rule

    found = find_rule(code)
    assert found is not None
    return found


def check_change(
    rule: type[ChangeRule[Any]],
    statements: Sequence[ir.Statement],
    catalog: Catalog,
    source: SourceFile,
    *,
    options: Mapping[str, Any] | None = None,
    in_body: bool = False,
    body: ir.Statement | None = None,
) -> list[Reported]:
    """Run one change rule on the last statement (or on ``body``, found inside it)."""
    reported, report = _recorder(rule.code, source)
    ctx: ChangeContext[Any] = ChangeContext(
        options=rule.options_model.model_validate(options or {}),
        settings=Settings(),
        catalog=catalog,
        _report=report,
        statements=tuple(statements),
        index=len(statements) - 1,
        in_body=in_body,
    )
    rule().check(body or statements[-1], ctx)
    return reported
