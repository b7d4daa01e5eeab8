"""What the writers of new migrations share: a new file's body, the codes and paths their notes
name, and whether the runner runs a statement outside a transaction block."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from schemalint.fix.naming import Naming
from schemalint.fix.steps import Step
from schemalint.inputs.discovery import Stream
from schemalint.tools.transactions import TransactionModel

# How long the statements of a fix wait for a lock before they give up (and the deploy with
# them) rather than queue every query of the table behind them.
LOCK_TIMEOUT = "5s"


def file_body(naming: Naming, group: Sequence[Step], timeout: str) -> str:
    """The statements of ``group``, each step's after its comment, separated as the tool
    wants (drizzle-kit: a statement breakpoint), after ``SET lock_timeout`` if ``timeout``."""
    chunks = [f"SET lock_timeout = '{timeout}';\n"] if timeout else []
    for step in group:
        comment = f"-- schemalint fix ({codes_of(step)}): {step.comment}\n"
        chunks.extend(
            (comment if number == 0 else "") + f"{statement}\n"
            for number, statement in enumerate(step.statements)
        )
    return naming.separator.join(chunks)


def codes_of(*steps: Step) -> str:
    return ", ".join(sorted({code for step in steps for code, _ in step.keys}))


def out_of_band(stream: Stream, model: TransactionModel | None, step: Step) -> str:
    """Why nothing is written for ``step``'s index, and how to build it (the runner's advice)."""
    from schemalint.rules._safety import how_to_run_alone

    statement = step.statements[0].rstrip(";")
    advice = how_to_run_alone(model, statement)
    return f"{display_path(stream, PurePosixPath())}: {codes_of(step)} not fixed, nothing written: {advice}"


def runs_alone(stream: Stream, model: TransactionModel | None, text: str, statement: str) -> bool:
    """Whether the runner runs ``statement``, the one statement of ``text``, outside a block."""
    if model is None:
        return True
    masked = stream.tool.mask(text) if stream.tool.mask else text
    run = model.run(masked, [statement])
    return not run.refused and not run.in_transaction(0)


def display_path(stream: Stream, relative: PurePosixPath) -> str:
    """The new file's path as findings show paths: relative to the working directory under it."""
    try:
        root = stream.root.relative_to(Path.cwd().absolute()).as_posix()
    except ValueError:
        root = stream.root.as_posix()
    return (PurePosixPath(root) / relative).as_posix()


def file_slug(group: Sequence[Step]) -> str:
    if len(group) == 1:
        raw = group[0].name
    elif all(code == "SL201" for step in group for code, _ in step.keys):
        raw = "index_foreign_keys"
    else:
        raw = "schemalint_fixes"
    return re.sub(r"[^a-z0-9_]+", "_", raw.lower()).strip("_")[:60]
