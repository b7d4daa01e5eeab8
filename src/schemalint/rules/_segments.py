"""Which transaction each statement of a migration file runs in, for the migration-safety rules.

The stream's runner (``Settings.transaction_model``) splits a file into segments. A file that
says ``BEGIN`` ... ``COMMIT`` itself makes an explicit transaction block of what lies between,
where the runner would run those statements on their own.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence

from schemalint import ir
from schemalint.source import SourceFile
from schemalint.tools.transactions import FileRun, Segment, TransactionModel

_BEGIN = re.compile(r"(?:BEGIN|START\s+TRANSACTION)\b", re.IGNORECASE)
_END = re.compile(r"(?:COMMIT|END|ROLLBACK|ABORT)\b", re.IGNORECASE)
_LEAD = re.compile(r"(?:\s+|--[^\n]*|/\*.*?\*/)*", re.DOTALL)


def _starts(pattern: re.Pattern[str], text: str) -> bool:
    lead = _LEAD.match(text)
    return pattern.match(text, lead.end() if lead else 0) is not None


def opens_or_ends_block(text: str) -> bool:
    """Whether the SQL statement ``text`` is the file's own ``BEGIN`` or ``COMMIT`` (...)."""
    return _starts(_BEGIN, text) or _starts(_END, text)


def sql_statements(
    statements: Sequence[ir.Statement],
) -> tuple[array[int], list[ir.Statement]]:
    """For each IR statement, the index of the SQL statement it comes from (machine integers:
    one per statement of a file, however huge); and the first IR statement of each SQL
    statement (an ALTER TABLE with several sub-commands is one)."""
    numbers = array("q")
    firsts: list[ir.Statement] = []
    for statement in statements:
        if not firsts or firsts[-1].span != statement.span:
            firsts.append(statement)
        numbers.append(len(firsts) - 1)
    return numbers, firsts


def file_run(
    model: TransactionModel, source: SourceFile, statements: Sequence[ir.Statement]
) -> tuple[FileRun, array[int]]:
    """How ``source`` runs under ``model``, and the SQL statement index of each IR statement."""
    numbers, firsts = sql_statements(statements)
    texts = [source.text[s.span.start : s.span.end] for s in firsts]
    run = model.run(source.text, texts, source.path)
    return _explicit_blocks(run, texts), numbers


def _explicit_blocks(run: FileRun, texts: Sequence[str]) -> FileRun:
    """Statements between the file's own ``BEGIN`` and ``COMMIT`` run in a transaction block."""
    if all(s.in_transaction for s in run.segments) or not any(_starts(_BEGIN, t) for t in texts):
        return run
    segments: list[Segment] = []
    block_start: int | None = None
    for segment in run.segments:
        if segment.in_transaction:
            segments.append(segment)
            continue
        for index in range(segment.start, segment.stop):
            text = texts[index]
            if block_start is None and _starts(_BEGIN, text):
                block_start = index
            elif block_start is not None and _starts(_END, text):
                segments.append(Segment(block_start, index + 1, True))
                block_start = None
            elif block_start is None:
                segments.append(Segment(index, index + 1, False, segment.pulled_out))
    if block_start is not None:
        segments.append(Segment(block_start, len(texts), True))
    return FileRun(
        tuple(segments), run.opted_out, run.atomic, run.shared, one_session=run.one_session
    )
