"""drizzle-kit: the journal (``meta/_journal.json``) that lists the new migrations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePosixPath

from schemalint.fix.model import NewFile, Rewrite
from schemalint.fix.render import codes_of, display_path
from schemalint.inputs.discovery import Stream


def with_journal(
    stream: Stream, files: list[NewFile], notes: list[str]
) -> tuple[list[NewFile], list[str], Rewrite | None]:
    """drizzle-kit's new files and the journal that lists them (none: nothing written)."""
    if not files or stream.tool.name != "drizzle":
        return files, notes, None
    journal = _journal(stream, files)
    if journal is None:
        where = display_path(stream, PurePosixPath())
        return (
            [],
            [
                *notes,
                f"{where}: {codes_of(*(s for f in files for s in f.steps))} not fixed, nothing "
                "written: meta/_journal.json lists no migration to follow",
            ],
            None,
        )
    return files, notes, journal


def _journal(stream: Stream, files: Sequence[NewFile]) -> Rewrite | None:
    """drizzle-kit's migrator applies what ``meta/_journal.json`` lists (each entry's
    ``<tag>.sql``, split at its breakpoints) whose ``when`` is later than the last migration
    the database recorded: one entry per new file, one second after the previous. The
    snapshots beside it only serve ``drizzle-kit generate``'s diff, which never sees RLS
    statements or indexes the TypeScript schema does not declare; none is written."""
    path = stream.root / "meta" / "_journal.json"
    try:
        original = path.read_text(encoding="utf-8")
        journal = json.loads(original)
    except (OSError, ValueError):
        return None
    entries = journal.get("entries") if isinstance(journal, dict) else None
    if not entries or not isinstance(entries, list) or not isinstance(entries[-1], dict):
        return None
    last = entries[-1]
    try:
        idx, when = int(last.get("idx", len(entries) - 1)), int(last.get("when", 0))
    except (TypeError, ValueError):
        return None
    added = [
        {
            "idx": idx + number,
            "version": last.get("version", "7"),
            "when": when + 1000 * number,
            "tag": new.path.name.removesuffix(".sql"),
            "breakpoints": True,
        }
        for number, new in enumerate(files, 1)
    ]
    close = original.rstrip().rfind("]")
    previous = original.rfind("}", 0, close)
    if original[close + 1 :].strip() == "}" and previous != -1:
        line = original[original.rfind("\n", 0, previous) + 1 : previous]
        indent = line[: len(line) - len(line.lstrip())]
        inserted = "".join(f",\n{indent}{json.dumps(entry)}" for entry in added)
        text = original[: previous + 1] + inserted + original[previous + 1 :]
    else:
        journal["entries"] = [*entries, *added]
        text = json.dumps(journal, indent=2) + "\n"
    display = display_path(stream, PurePosixPath("meta/_journal.json"))
    return Rewrite(path, display, original, text)
