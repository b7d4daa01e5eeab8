"""How the command line ends: every usage error is one line, Ctrl-C is exit 130.

click's own handling prints a usage block for a bad option and "Aborted!" with exit 1 (the code
for "findings") on Ctrl-C; the documented contract is one ``schemalint: error: …`` line on
stderr with exit 2, and 130 (128 + SIGINT) for an interrupt, as shells report it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def fail(message: str) -> NoReturn:
    """A usage, configuration or input error: one line on stderr, exit 2."""
    click.echo(f"schemalint: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def usage_message(error: click.ClickException) -> str:
    """click's message as one line, with where to read the usage."""
    message = " ".join(error.format_message().split()).removesuffix(".")
    # Our messages start in lower case ("schemalint: error: no rule named …").
    message = message[:1].lower() + message[1:]
    context = getattr(error, "ctx", None)
    if isinstance(error, click.UsageError) and context is not None:
        # The command as typed after the program's name, whatever name that was run under.
        command = " ".join(["schemalint", *context.command_path.split()[1:]])
        return f"{message} (see `{command} --help`)"
    return message


class OneLineErrors(click.Group):
    """A group whose usage errors and interrupts end the way the contract says."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as error:
            if type(error).__name__ == "NoArgsIsHelpError":  # bare `schemalint`: the help
                error.show()
                sys.exit(error.exit_code)
            fail(usage_message(error))
        except (click.Abort, KeyboardInterrupt):
            sys.exit(EXIT_INTERRUPTED)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)
