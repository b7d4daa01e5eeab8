"""The command line: ``schemalint check``, ``rules``, ``rule`` and ``completion``."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

import click

from schemalint import __version__
from schemalint.cli.options import (
    CHECK_EPILOG,
    COLOR_CHOICES,
    MAIN_EPILOG,
    SHELLS,
    complete_formats,
    complete_rules,
    parse_formats,
)
from schemalint.cli.shell import OneLineErrors
from schemalint.cli.shell import fail as _fail
from schemalint.findings import Severity
from schemalint.tools import dialects

DIALECTS = ("auto", *dialects.DIALECTS)


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@click.group(
    cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]}, epilog=MAIN_EPILOG
)
@click.version_option(__version__, "--version", prog_name="schemalint")
def main() -> None:
    """Lint database migrations and Prisma schemas for multi-tenant safety."""


@main.command(epilog=CHECK_EPILOG)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "formats",
    multiple=True,
    callback=parse_formats,
    shell_complete=complete_formats,
    metavar="FORMAT[:PATH]",
    help="text, concise, json, sarif, github or gitlab; FORMAT:PATH writes that file "
    "(repeat for several reports from one run).",
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report here.")
@click.option(
    "--select",
    multiple=True,
    shell_complete=complete_rules,
    help="Only these rules (codes, names, prefixes).",
)
@click.option(
    "--ignore",
    multiple=True,
    shell_complete=complete_rules,
    help="Skip these rules (codes, names, prefixes).",
)
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
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the findings: no summary, no notes.")
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing them.")
@click.option(
    "--stdin-filename",
    type=click.Path(path_type=Path),
    help="Read the file from stdin; PATH decides its migration history.",
)
@click.option(
    "--color",
    type=click.Choice(COLOR_CHOICES),
    help="Colour the text output: auto (a terminal; NO_COLOR, FORCE_COLOR), always, never.",
)
@click.option("--no-color", is_flag=True, help="The same as --color never.")
@click.option(
    "--cache/--no-cache",
    default=None,
    help="Keep the replayed history in a cache, to lint a new migration fast (off by default).",
)
@click.option(
    "--cache-dir", type=click.Path(path_type=Path), help="Cache folder (implies --cache)."
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Lint independent migration histories in this many processes (default: every core).",
)
@click.option("--verbose", "-v", is_flag=True, help="Say which rules ran on which input.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(
    paths: tuple[Path, ...],
    formats: tuple[tuple[str, Path | None], ...],
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
    exit_zero: bool,
    quiet: bool,
    statistics: bool,
    stdin_filename: Path | None,
    color: str | None,
    no_color: bool,
    cache: bool | None,
    cache_dir: Path | None,
    jobs: int | None,
    verbose: bool,
    debug: bool,
) -> None:
    """Lint migration histories and Prisma schemas found under PATHS (default: .)."""
    from schemalint.cli import options as cli_options
    from schemalint.frozen import no_cyclic_gc

    # Importing the engine makes some hundred thousand objects and frees no cycle among them.
    with no_cyclic_gc():
        from schemalint.run import RunOptions, run

    # A replay builds tens of thousands of long-lived, acyclic objects (IR, catalog); with the
    # default threshold the cyclic collector walks them over and over, a large part of a
    # pre-commit run on a long history. Collections still happen, just less often.
    gc.set_threshold(10_000, 10, 10)

    cli_options.human_formats_only(formats, statistics)
    colored = cli_options.use_color(
        cli_options.color_choice(color, no_color), stream_is_tty=_stdout_is_tty(), env=os.environ
    )
    stdin = cli_options.stdin_input(paths, stdin_filename, diff_ref)
    options = RunOptions(
        context=context,
        paths=(stdin.path,) if stdin else paths or (Path(),),
        reports=cli_options.reports(formats, output, colored, os.environ),
        select=_split(select),
        ignore=_split(ignore),
        fail_on=Severity(fail_on) if fail_on else None,
        config_path=config_path,
        dialect=dialect,
        baseline=baseline,
        write_baseline=write_baseline,
        diff_ref=diff_ref,
        verbose=verbose,
        cache=cache,
        cache_dir=cache_dir,
        quiet=quiet,
        statistics=statistics,
        exit_zero=exit_zero,
        stdin=stdin,
        jobs=jobs,
    )
    _exit_with(lambda: run(options), debug)


def _exit_with(command: Callable[[], int], debug: bool) -> NoReturn:
    """Exit with ``command``'s code; an error it raises is one line, never a traceback (the
    last line of defence), unless ``debug``."""
    from schemalint.frozen import no_cyclic_gc
    from schemalint.run import user_errors

    try:
        # A run is one pass that frees its data at exit: no cyclic collection (see there).
        with no_cyclic_gc():
            code = command()
    except Exception as error:
        if debug:
            raise
        if isinstance(error, user_errors()):
            _fail(str(error))
        _fail(f"internal error: {type(error).__name__}: {error} (run with --debug for details)")
    sys.exit(code)


def _stdout_is_tty() -> bool:
    # None when the process started with stdout closed (`>&-`).
    return sys.stdout is not None and sys.stdout.isatty()


@main.command("fix")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print the files fix would write; write nothing.")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="Also rewrite change-rule findings in place, in migrations git shows uncommitted.",
)
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file.")
@click.option("--dialect", type=click.Choice(DIALECTS), help="SQL dialect of the migrations.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def fix(
    paths: tuple[Path, ...],
    dry_run: bool,
    unsafe_fixes: bool,
    config_path: Path | None,
    dialect: str | None,
    debug: bool,
) -> None:
    """Clear findings under PATHS with NEW migrations, never editing history.

    Indexes (SL201, SL602), row level security and tenant policies (SL102-SL104) and the
    soft-delete column (SL402) go in new migrations after the latest one, in the history's own
    layout and naming; a tenant column's foreign key (SL106) is added NOT VALID, indexed, then
    validated in a migration after (VALIDATE fails while rows hold an unknown tenant id: fix
    those rows first); a Prisma schema gets its @@index and `prisma migrate dev` writes the
    migration. --unsafe-fixes also rewrites change-rule findings in place, only in migrations
    that are not committed: a lock_timeout (SL507), NOT VALID and a later VALIDATE (SL503), a
    backfill with the column's DEFAULT (SL301), indexes and unique keys built CONCURRENTLY
    (SL502, SL506); a split goes into a new migration right after the edited one.
    """
    from schemalint.fix import execute

    _exit_with(
        lambda: execute(
            paths,
            dry_run=dry_run,
            config_path=config_path,
            dialect=dialect,
            unsafe_fixes=unsafe_fixes,
        ),
        debug,
    )


@main.command("rules")
def list_rules() -> None:
    """List every rule: code, name, default severity, whether it has a fix, inputs.

    A rule with severe findings shows both severities (``warning/error``).
    """
    from schemalint.rules.index import rules_listing
    from schemalint.rules.registry import ALL_RULES

    click.echo(rules_listing(ALL_RULES), nl=False)


@main.command("rule")
@click.argument("code_or_name", shell_complete=complete_rules)
def show_rule(code_or_name: str) -> None:
    """Show a rule's page: what it does, why, examples, configuration."""
    from schemalint.rules.docs import render_for_terminal
    from schemalint.rules.registry import find_rule

    rule = find_rule(code_or_name)
    if rule is None:
        _fail(f"no rule named {code_or_name!r} (see `schemalint rules`)")
    from schemalint.cli.options import use_color

    color = use_color("auto", stream_is_tty=_stdout_is_tty(), env=os.environ)
    click.echo(render_for_terminal(rule, color=color), nl=False)


@main.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the script that completes schemalint's commands, options and rule codes in SHELL.

    \b
    bash:  echo 'eval "$(schemalint completion bash)"' >> ~/.bashrc
    zsh:   echo 'eval "$(schemalint completion zsh)"' >> ~/.zshrc
    fish:  schemalint completion fish > ~/.config/fish/completions/schemalint.fish
    """
    from schemalint.cli.options import completion_script

    click.echo(completion_script(main, shell), nl=False)
