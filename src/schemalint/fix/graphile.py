"""graphile-migrate: the steps appended to ``current.sql``, in their form that may run again."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from schemalint.catalog.model import Catalog
from schemalint.fix.model import NewFile
from schemalint.fix.naming import NAMING
from schemalint.fix.render import LOCK_TIMEOUT, codes_of, display_path, file_body, out_of_band
from schemalint.fix.steps import Step
from schemalint.frozen import replace
from schemalint.inputs.discovery import Stream
from schemalint.tools.dialects import POSTGRES
from schemalint.tools.transactions import TransactionModel


def current_sql(
    stream: Stream,
    catalog: Catalog,
    steps: Sequence[Step],
    model: TransactionModel | None,
    notes: list[str],
) -> tuple[list[NewFile], list[str]]:
    """graphile-migrate: a new migration is written in ``current.sql`` (``graphile-migrate
    commit`` moves it to ``committed/`` with its hash): the steps are appended to it, in their
    form that may run again (``watch`` re-runs the file on every save). It runs in one
    transaction: an index built CONCURRENTLY is left to be built out of band."""
    path = stream.root / "current.sql"
    if (stream.root / "current").is_dir():
        return [], [
            *notes,
            f"{display_path(stream, PurePosixPath())}: {codes_of(*steps)} not fixed, nothing "
            "written: fix does not write into a current/ folder yet",
        ]
    for step in steps:
        if step.alone or step.after:
            notes.append(out_of_band(stream, model, step))
    group = [step for step in steps if not step.alone and not step.after]
    if not group:
        return [], notes
    try:
        original = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError):
        return [], [*notes, f"{display_path(stream, PurePosixPath('current.sql'))}: unreadable"]
    rerun = [replace(step, statements=step.again) for step in group]
    timeout = LOCK_TIMEOUT if catalog.dialect == POSTGRES.name else ""
    body = file_body(NAMING["file"], rerun, timeout)
    gap = "" if not original else ("\n" if original.endswith("\n") else "\n\n")
    display = display_path(stream, PurePosixPath("current.sql"))
    return [NewFile(path, display, original + gap + body, tuple(group), original)], notes
