"""Which transaction each statement of a migration file runs in, for the migration-safety rules.

The stream's runner (``Settings.transaction_model``) splits a file into segments. A file that
says ``BEGIN`` ... ``COMMIT`` itself makes an explicit transaction block of what lies between,
where the runner would run those statements on their own (``tools.file_runner``).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from schemalint import ir
from schemalint.source import SourceFile
from schemalint.tools.file_runner import FileRunner, ends_block, opens_block
from schemalint.tools.transactions import FileRun, TransactionModel


def opens_or_ends_block(text: str) -> bool:
    """Whether the SQL statement ``text`` is the file's own ``BEGIN`` or ``COMMIT`` (...)."""
    return opens_block(text) or ends_block(text)


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
    runner = FileRunner(model, source.text, source.path, explicit_blocks=True, within=source.text)
    for first in firsts:
        runner.add(source.text, first.span.start, first.span.end)
    return runner.finish(), numbers
