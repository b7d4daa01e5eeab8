"""``schemalint fix --unsafe-fixes``: change-rule findings fixed IN PLACE, in the migration that
has them, and only where that migration is not committed yet (git: untracked, or changed
against HEAD): the migration being written. A committed migration may be deployed already;
it is never edited.

Rewritten today: SL502's ``CREATE [UNIQUE] INDEX`` on a table that existed before becomes
``CREATE [UNIQUE] INDEX CONCURRENTLY``, when the runner's transaction model says the edited
file runs it outside a transaction block (else SL501 would follow: the finding is noted with
the runner's advice, nothing is edited). Other change-rule findings need the user (a backfill
value, a constraint split over two transactions) and are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from schemalint.findings import Finding
from schemalint.frozen import frozen
from schemalint.inputs.discovery import Discovery, Stream
from schemalint.rules._safety import how_to_run_alone
from schemalint.source import SourceFile
from schemalint.tools.transactions import TransactionModel

_CREATE_INDEX = re.compile(r"CREATE\s+(?:UNIQUE\s+)?INDEX\b(?!\s+CONCURRENTLY\b)", re.IGNORECASE)
_WORD = " CONCURRENTLY"


@frozen
class InPlace:
    """The new text of a migration that is not committed, and what changed (for the output)."""

    path: Path
    display: str
    text: str
    changes: tuple[str, ...]


def plan_in_place(
    discovery: Discovery,
    findings: Sequence[Finding],
    sources: Mapping[str, SourceFile],
    model_of: Callable[[Stream], TransactionModel | None],
    cwd: Path,
) -> tuple[list[InPlace], list[str]]:
    """The in-place rewrites of SL502 findings, and why the others are not made."""
    from schemalint.inputs.changed import uncommitted_files

    todo = [f for f in findings if f.code == "SL502" and f.suppression is None]
    if not todo:
        return [], []
    stream_of = {source.path: stream for stream in discovery.streams for source in stream.files}
    uncommitted = uncommitted_files(cwd)
    by_file: dict[str, list[Finding]] = {}
    notes: list[str] = []
    for finding in todo:
        source = sources.get(finding.path)
        if source is None or finding.path not in stream_of:
            continue
        where = f"{finding.path}:{source.position(finding.span.start).line}"
        statement = source.text[finding.span.start : finding.span.end]
        if uncommitted is None or (cwd / finding.path).resolve() not in uncommitted:
            notes.append(
                f"{where}: SL502 not fixed: the migration is committed (or git cannot say it "
                "is not), and may be deployed: build the index in a new migration"
            )
        elif _CREATE_INDEX.match(statement) is None:
            notes.append(f"{where}: SL502 not fixed: only CREATE INDEX is rewritten")
        else:
            by_file.setdefault(finding.path, []).append(finding)
    rewrites = []
    for display, file_findings in by_file.items():
        stream = stream_of[display]
        source = sources[display]
        rewrite = _rewrite(stream, source, file_findings, model_of(stream))
        if isinstance(rewrite, InPlace):
            rewrites.append(rewrite)
        else:
            notes.extend(rewrite)
    return rewrites, notes


def _rewrite(
    stream: Stream,
    source: SourceFile,
    findings: Sequence[Finding],
    model: TransactionModel | None,
) -> InPlace | list[str]:
    """Every CREATE INDEX of ``findings`` made CONCURRENTLY, if the runner then runs each
    outside a transaction block; else why not (nothing of the file is edited)."""
    ordered = sorted(findings, key=lambda f: f.span.start)
    text = source.text
    for finding in reversed(ordered):  # from the end: earlier offsets hold
        match = _CREATE_INDEX.match(text, finding.span.start)
        if match is None:
            return [f"{source.path}: SL502 not fixed: the statement is not where it was"]
        text = text[: match.end()] + _WORD + text[match.end() :]
    # Where each statement starts once the words before it are in.
    starts = [f.span.start + len(_WORD) * number for number, f in enumerate(ordered)]
    lines = [source.position(f.span.start).line for f in ordered]
    changes = tuple(f"{source.path}:{line}: SL502: CREATE INDEX CONCURRENTLY" for line in lines)
    if model is None:
        return InPlace(Path(source.path), source.path, text, changes)
    masked = stream.tool.mask(text) if stream.tool.mask else text
    statements = stream.dialect.parse(SourceFile(source.path, text, masked), context=True)
    texts = [masked[s.span.start : s.span.end] for s in statements]
    positions = [s.span.start for s in statements]
    run = model.run(text, texts)
    failing = []
    for start, line in zip(starts, lines, strict=True):
        index = positions.index(start) if start in positions else -1
        if index == -1 or run.refused or run.in_transaction(index):
            statement = " ".join(texts[index].split()) if index != -1 else "it"
            advice = how_to_run_alone(model, statement)
            failing.append(f"{source.path}:{line}: SL502 not fixed: {advice}")
    return failing or InPlace(Path(source.path), source.path, text, changes)
