"""A file's segments worked out statement by statement (``tools.file_runner``): once the
runner says its answers are settled, they are the answers of the whole file."""

from __future__ import annotations

import itertools

import pytest

from schemalint.tools import runners
from schemalint.tools.file_runner import FileRunner
from schemalint.tools.transactions import FileRun, Segment, TransactionModel

TABLE = "CREATE TABLE t (a int)"
CIC = "CREATE INDEX CONCURRENTLY i ON t (a)"
STATEMENTS = (TABLE, CIC, "BEGIN", "COMMIT", "SET lock_timeout = '1s'", "VACUUM t")
MODELS = {
    "supabase": runners.supabase_cli(None),
    "supabase 2.108": runners.supabase_cli((2, 108)),
    "prisma": runners.prisma_migrate(None),
    "flyway": runners.flyway(None),
    "golang-migrate": runners.golang_migrate(None),
    "golang-migrate multi": runners.golang_migrate(None).configured(multi_statement=True),
    "dbmate": runners.dbmate(None),
    "goose": runners.goose(None),
    "graphile": runners.graphile_migrate(None),
    "drizzle": runners.drizzle_kit(None),
    "psql": runners.psql(None),
}
OPT_OUTS = (
    "",
    "-- migrate:up transaction:false\n",
    "-- +goose NO TRANSACTION\n",
    "--! no-transaction\n",
)


def _answers(run: FileRun | FileRunner, count: int) -> list[object]:
    """What rules ask a run about its first ``count`` statements."""
    answers: list[object] = [run.opted_out, run.shared, run.one_session]
    for index in range(count):
        segment = run.segment(index)
        answers.append((segment.start, segment.in_transaction, segment.pulled_out))
        answers.extend(
            run.setting_holds(index, at, local=local)
            for at in range(count)
            for local in (False, True)
        )
    return answers


def _files() -> list[tuple[str, TransactionModel, str, tuple[str, ...]]]:
    files = []
    for (name, model), head in itertools.product(MODELS.items(), OPT_OUTS):
        for size in range(4):
            for statements in itertools.product(STATEMENTS, repeat=size):
                files.append((name, model, head, statements))
    return files


def test_settled_answers_are_the_whole_files() -> None:
    checked = 0
    for name, model, head, statements in _files():
        text = head + ";\n".join(statements)
        final = model.run(text, statements)
        runner = FileRunner(model, text, within=text)
        for count, statement in enumerate(statements, 1):
            start = text.index(statement, len(head))
            runner.add(text, start, start + len(statement))
            if runner.settled:
                checked += 1
                assert _answers(runner, count) == _answers(final, count), (name, statements)
        assert runner.finish() == final, (name, head, statements)
    assert checked > 20_000  # most prefixes are settled at once


@pytest.mark.parametrize(
    ("model", "text", "statements", "settled"),
    [
        # Flyway runs the whole file alone once one statement is CONCURRENTLY: known at the end.
        (runners.flyway(None), f"{TABLE};\n{CIC};", (TABLE, CIC), [False, False]),
        # ... unless the file does not hold those words anywhere.
        (runners.flyway(None), f"{TABLE};\n{TABLE};", (TABLE, TABLE), [True, True]),
        # One query string: one statement runs alone, two in an implicit transaction.
        (runners.prisma_migrate(None), f"{TABLE};\n{TABLE};", (TABLE, TABLE), [False, True]),
        (runners.supabase_cli(None), f"{TABLE};\n{CIC};", (TABLE, CIC), [True, True]),
        (runners.psql(None), f"BEGIN;\n{TABLE};", ("BEGIN", TABLE), [True, True]),
    ],
)
def test_answers_wait_only_for_what_a_later_statement_can_change(
    model: TransactionModel, text: str, statements: tuple[str, ...], settled: list[bool]
) -> None:
    runner = FileRunner(model, text, within=text)
    seen = []
    for statement in statements:
        start = text.index(statement)
        runner.add(text, start, start + len(statement))
        seen.append(runner.settled)
    assert seen == settled
    runner.finish()
    assert runner.settled


def test_an_open_segment_ends_at_the_last_statement_taken() -> None:
    text = f"{TABLE};\n{TABLE};\n{CIC};\n{TABLE};"
    runner = FileRunner(runners.supabase_cli(None), text, within=text)
    runner.add(TABLE)
    runner.add(TABLE)
    assert runner.segment(1) == Segment(0, 2, True)
    runner.add(CIC)
    assert (runner.segment(1), runner.segment(2)) == (
        Segment(0, 2, True),
        Segment(2, 3, False, pulled_out=True),
    )
    with pytest.raises(IndexError):
        runner.segment(3)
