"""The engine takes a file's statements as the frontend makes them and lets each go once it is
judged and replayed (``window.Window``): a huge file's IR is never whole. It holds statements
only while the runner's answers about them may change, or while a rule reads what follows."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest

from schemalint.window import Window
from tests.rules.helpers import Seen, lint

TASKS = (
    "m/0001_tasks.sql",
    "CREATE TYPE task_status AS ENUM ('open', 'done');\n"
    "CREATE TABLE tasks (id bigint PRIMARY KEY, status task_status);\n",
)
PATH = "m/0002_change.sql"
MANY = "".join(f"CREATE TABLE t{n} (id bigint);\n" for n in range(50))
ADD = "ALTER TYPE task_status ADD VALUE 'archived';\n"
CIC = "CREATE INDEX CONCURRENTLY tasks_status_idx ON tasks (status);\n"
USE = "UPDATE tasks SET status = 'archived';\n"


def _lint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str, text: str
) -> tuple[list[Seen], int]:
    """The SL501 findings of ``text`` after ``TASKS``, and the most statements held at once."""
    most = 0

    class Counted(deque):  # type: ignore[type-arg]
        def append(self, statement: object) -> None:
            nonlocal most
            super().append(statement)
            most = max(most, len(self))

    init = Window.__init__

    def counted(window: Window) -> None:
        init(window)
        window.held = Counted()

    monkeypatch.setattr(Window, "__init__", counted)
    seen, _ = lint(tmp_path, [TASKS, (PATH, text)], ["SL501", "SL507"], layout=layout)
    return seen, most


@pytest.mark.parametrize(
    ("layout", "held"),
    [
        # Each statement's transaction is known when it is parsed.
        ("supabase", 1),
        ("plain", 1),
        ("goose", 1),
        # One query string: the first statement runs alone unless a second one follows.
        ("prisma", 2),
    ],
)
def test_each_statement_is_let_go_once_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str, held: int
) -> None:
    assert _lint(tmp_path, monkeypatch, layout, MANY) == ([], held)


def test_an_added_enum_value_holds_its_transaction_until_it_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SL501 looks for the value in the rest of its transaction: the Supabase CLI ends it at
    # the CREATE INDEX CONCURRENTLY it runs alone, so the UPDATE after is fine ...
    assert _lint(tmp_path, monkeypatch, "supabase", ADD + MANY + CIC + USE) == ([], 52)
    # ... and the one before is not.
    assert _lint(tmp_path, monkeypatch, "supabase", ADD + MANY + USE + CIC) == (
        [
            (
                "SL501", PATH, 52, 1,
                "Enum value `'archived'` of `task_status` is used in the transaction that "
                "adds it, and here the Supabase CLI runs each migration file in a transaction",
            )
        ],
        53,
    )  # fmt: skip


def test_a_flyway_script_that_may_run_without_a_transaction_is_held_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One CREATE INDEX CONCURRENTLY makes Flyway run the whole script statement by statement.
    assert _lint(tmp_path, monkeypatch, "flyway", MANY + CIC) == ([], 51)
    assert _lint(tmp_path, monkeypatch, "flyway", MANY) == ([], 1)
