"""The command line: ``schemalint check``, ``schemalint rules``, ``schemalint rule``."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click

from schemalint import __version__
from schemalint.findings import Severity

FORMATS = ("text", "json", "sarif", "github", "gitlab")
DIALECTS = ("auto", "postgres", "mysql", "sqlite")


def _fail(message: str) -> NoReturn:
    """A usage, configuration or input error: one line on stderr, exit 2."""
    click.echo(f"schemalint: error: {message}", err=True)
    sys.exit(2)


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="schemalint")
def main() -> None:
    """Lint database migrations and Prisma schemas for multi-tenant safety."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Output format.")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report here.")
@click.option("--select", multiple=True, help="Only these rules (codes, names, prefixes).")
@click.option("--ignore", multiple=True, help="Skip these rules (codes, names, prefixes).")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), help="Exit 1 from here.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file.")
@click.option("--dialect", type=click.Choice(DIALECTS), help="SQL dialect of the migrations.")
@click.option("--baseline", type=click.Path(path_type=Path), help="Hide findings listed here.")
@click.option("--write-baseline", type=click.Path(path_type=Path), help="Record all findings.")
@click.option("--diff", "diff_ref", metavar="REF", help="Report only on files changed since REF.")
@click.option(
    "--context",
    type=click.Choice(("worktree", "git")),
    help="Context history: the files on disk, or git's index (default: git under pre-commit).",
)
@click.option("--no-color", is_flag=True, help="Never colour the text output.")
@click.option(
    "--cache/--no-cache",
    default=None,
    help="Keep the replayed history in a cache, to lint a new migration fast (off by default).",
)
@click.option(
    "--cache-dir", type=click.Path(path_type=Path), help="Cache folder (implies --cache)."
)
@click.option("--verbose", "-v", is_flag=True, help="Say which rules ran on which input.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(
    paths: tuple[Path, ...],
    fmt: str | None,
    output: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    config_path: Path | None,
    dialect: str | None,
    baseline: Path | None,
    write_baseline: Path | None,
    diff_ref: str | None,
    context: str | None,
    no_color: bool,
    cache: bool | None,
    cache_dir: Path | None,
    verbose: bool,
    debug: bool,
) -> None:
    """Lint migration histories and Prisma schemas found under PATHS (default: .)."""
    from schemalint.run import RunOptions, run, user_errors

    # A replay builds tens of thousands of long-lived, acyclic objects (IR, catalog); with the
    # default threshold the cyclic collector walks them over and over, which costs about 40%
    # of a pre-commit run on a 500-file history. Collections still happen, just less often.
    gc.set_threshold(10_000, 10, 10)

    options = RunOptions(
        context=context,
        paths=paths or (Path(),),
        fmt=fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"),
        output=output,
        select=_split(select),
        ignore=_split(ignore),
        fail_on=Severity(fail_on) if fail_on else None,
        config_path=config_path,
        dialect=dialect,
        baseline=baseline,
        write_baseline=write_baseline,
        diff_ref=diff_ref,
        color=_use_color(no_color=no_color, output=output),
        verbose=verbose,
        cache=cache,
        cache_dir=cache_dir,
    )
    try:
        code = run(options)
    except Exception as error:  # the last line of defence: one line, never a traceback
        if debug:
            raise
        if isinstance(error, user_errors()):
            _fail(str(error))
        _fail(f"internal error: {type(error).__name__}: {error} (run with --debug for details)")
    sys.exit(code)


def _use_color(*, no_color: bool, output: Path | None) -> bool:
    """Colour only on a terminal, and never when the user opts out (https://no-color.org)."""
    if no_color or output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@main.command("rules")
def list_rules() -> None:
    """List every rule: code, name, default severity, whether it has a fix, inputs."""
    from schemalint.rules.registry import ALL_RULES

    rows = [("CODE", "NAME", "SEVERITY", "FIX", "INPUTS")]
    for rule in ALL_RULES:
        inputs = ", ".join(sorted(rule.origins)) if rule.origins else "-"
        rows.append(
            (rule.code, rule.name, rule.severity.value, "yes" if rule.fixable else "", inputs)
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


@main.command("rule")
@click.argument("code_or_name")
def show_rule(code_or_name: str) -> None:
    """Show a rule's page: what it does, why, examples, configuration."""
    from schemalint.rule_docs import render_for_terminal
    from schemalint.rules.registry import find_rule

    rule = find_rule(code_or_name)
    if rule is None:
        _fail(f"no rule named {code_or_name!r} (see `schemalint rules`)")
    click.echo(render_for_terminal(rule, color=_use_color(no_color=False, output=None)), nl=False)
