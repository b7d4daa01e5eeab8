"""The parts of ``schemalint check``'s command line that ruff and squawk users reach for:
several outputs in one run (``--format fmt:path``), ``--color`` with ``NO_COLOR`` and
``FORCE_COLOR``, reading a file from stdin, shell completion of rule codes, and the help's
examples and exit codes. The CLI (``cli/__init__.py``) only wires them to its options.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from schemalint.run import Report, StdinInput

# As schemalint.output.reporters.FORMATS (a test keeps them equal): the CLI module stays light to import.
FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab")
HUMAN_FORMATS = ("text", "concise")

COLOR_CHOICES = ("auto", "always", "never")
SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_SCHEMALINT_COMPLETE"

# \b keeps click from rewrapping a paragraph.
CHECK_EPILOG = """\b
Examples:
  schemalint check                             every history and Prisma schema under .
  schemalint check supabase/migrations/20240301000000_owner.sql
                                               one migration, its history as context
  schemalint check --diff origin/main          only files changed since the merge-base
  schemalint check --format concise --statistics
  schemalint check --format github --format sarif:schemalint.sarif
                                               annotations on stdout, SARIF in a file
  schemalint check --exit-zero --format json -o report.json
  schemalint check --stdin-filename supabase/migrations/20240301000000_owner.sql - < buffer.sql

\b
Exit codes:
  0  no finding at or above --fail-on (always 0 with --exit-zero or --write-baseline)
  1  findings at or above --fail-on
  2  a usage, configuration or input error, or an internal error
"""

MAIN_EPILOG = """\b
Examples:
  schemalint check examples/      lint the bundled example project
  schemalint rules                every rule: code, name, severity, fix, inputs
  schemalint rule SL201           a rule's page (also by name: unindexed-foreign-key)
  schemalint completion bash      a shell completion script (bash, zsh or fish)

Run `schemalint check --help` for the options and exit codes.
"""


def parse_formats(
    ctx: click.Context, param: click.Parameter, values: Sequence[str]
) -> tuple[tuple[str, Path | None], ...]:
    """``--format`` values: ``FMT`` (stdout, or ``--output``) or ``FMT:PATH`` (that file)."""
    parsed = []
    for value in values:
        fmt, colon, path = value.partition(":")
        if fmt not in FORMATS:
            raise click.BadParameter(
                f"{fmt!r} is not one of {', '.join(map(repr, FORMATS))} "
                "(write FORMAT or FORMAT:PATH)",
                ctx,
                param,
            )
        if colon and not path:
            raise click.BadParameter(f"{value!r}: no file after the colon", ctx, param)
        parsed.append((fmt, Path(path) if path else None))
    return tuple(parsed)


def complete_formats(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    return [fmt for fmt in FORMATS if fmt.startswith(incomplete)]


def reports(
    formats: Sequence[tuple[str, Path | None]],
    output: Path | None,
    color: bool,
    env: Mapping[str, str],
) -> tuple[Report, ...]:
    """The reports one run writes.

    ``--format`` without a file goes to stdout (or to ``--output``); at most one may. Without
    any, the report is text, or GitHub annotations when ``GITHUB_ACTIONS=true`` and it goes to
    stdout (a file named with ``-o`` gets text). Raises click.UsageError for two reports
    competing for stdout.
    """
    unnamed = [fmt for fmt, path in formats if path is None]
    if len(unnamed) > 1:
        raise click.UsageError(
            f"--format {' and --format '.join(unnamed)}: both would go to "
            f"{'the --output file' if output else 'stdout'}; name a file for one (FORMAT:PATH)"
        )
    from schemalint.run import Report

    named = [Report(fmt, path, color=False) for fmt, path in formats if path is not None]
    if unnamed:
        main_format = unnamed[0]
    elif formats and output is None:
        return tuple(named)
    else:
        main_format = "github" if env.get("GITHUB_ACTIONS") == "true" and not output else "text"
    return (Report(main_format, output, color=color and output is None), *named)


def use_color(choice: str, *, stream_is_tty: bool, env: Mapping[str, str]) -> bool:
    """Whether to colour what a person reads.

    ``always`` and ``never`` decide. ``auto``: never with ``NO_COLOR`` (https://no-color.org),
    always with ``FORCE_COLOR`` (https://force-color.org), both meaning set and not empty;
    otherwise only on a terminal.
    """
    if choice != "auto":
        return choice == "always"
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return stream_is_tty


def color_choice(color: str | None, no_color: bool) -> str:
    """``--color``, with ``--no-color`` as the older spelling of ``--color never``."""
    if no_color and color not in (None, "never"):
        raise click.UsageError(f"--no-color contradicts --color {color}")
    return "never" if no_color else color or "auto"


def stdin_input(
    paths: tuple[Path, ...], stdin_filename: Path | None, diff: str | None
) -> StdinInput | None:
    """The file read from stdin, when ``--stdin-filename`` is given (PATHS: none or ``-``)."""
    from schemalint.run import StdinInput

    if stdin_filename is None:
        if Path("-") in paths:
            raise click.UsageError("reading from stdin ('-') needs --stdin-filename PATH")
        return None
    if any(path != Path("-") for path in paths):
        raise click.UsageError("with --stdin-filename, give no PATHS (or '-')")
    if diff is not None:
        raise click.UsageError("--diff cannot be combined with --stdin-filename")
    if sys.stdin is None:  # started with stdin closed (`<&-`)
        raise click.UsageError("--stdin-filename reads stdin, which is closed")
    data = sys.stdin.buffer.read()
    text = data.decode("utf-8-sig", errors="replace")
    return StdinInput(stdin_filename, text)


def human_formats_only(formats: Sequence[tuple[str, Path | None]], statistics: bool) -> None:
    if statistics and formats and not any(fmt in HUMAN_FORMATS for fmt, _ in formats):
        raise click.UsageError("--statistics applies to the text and concise formats")


def complete_rules(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Rule codes and names for ``--select``/``--ignore`` (comma lists too) and ``rule``."""
    from schemalint.rules.registry import ALL_RULES

    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    candidates = [rule.code for rule in ALL_RULES] + [rule.name for rule in ALL_RULES]
    folded = last.casefold()
    return [prefix + c for c in candidates if c.casefold().startswith(folded)]


def completion_script(main: click.Command, shell: str) -> str:
    """The script that makes ``shell`` complete schemalint's commands, options and rules."""
    from click.shell_completion import get_completion_class

    completion_class = get_completion_class(shell)
    if completion_class is None:  # pragma: no cover - click ships all three
        raise click.UsageError(f"no completion for {shell}")
    return completion_class(main, {}, "schemalint", COMPLETE_VAR).source()
