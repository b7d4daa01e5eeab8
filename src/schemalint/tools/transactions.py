"""How a migration runner groups a file's statements into transactions on PostgreSQL.

A runner's behaviour is a ``TransactionModel``. Given one file (its text, for the per-file
opt-out directive, and the SQL text of each of its statements, in order) ``model.run`` says
how that file runs: as ``Segment`` s of consecutive statements, each either inside a
transaction block or not. The migration-safety rules and SL201's fix ask it questions such as
"does ``CREATE INDEX CONCURRENTLY`` at statement 3 run inside a transaction block?"
(``FileRun.in_transaction(3)``) or "is the file atomic?" (``FileRun.atomic``).

The scopes (the docs' transaction-model table gives each runner's sources):

- ``FILE``: the runner opens a transaction around each file (``BEGIN`` ... ``COMMIT``).
- ``FILE_IMPLICIT``: the runner sends the file as one query string; PostgreSQL runs a string
  of several statements as one implicit transaction, and a single statement on its own.
- ``BATCH``: one transaction around every pending migration (drizzle-kit): a file is not
  alone in its transaction.
- ``STATEMENT``: each statement runs on its own (autocommit).

Some runners pull statements that cannot run in a transaction out of the file and run them
alone (the Supabase CLI since 2.109), which splits the file into segments; Flyway runs a whole
script without a transaction when it sees such a statement in it.
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Callable, Sequence
from dataclasses import field
from typing import overload

from schemalint.frozen import frozen, replace

Version = tuple[int, ...]


class Scope(enum.Enum):
    """What a runner wraps in one transaction when nothing is pulled out."""

    FILE = "each file in its own transaction"
    FILE_IMPLICIT = "each file sent as one query string (an implicit transaction)"
    BATCH = "every pending migration in one transaction"
    STATEMENT = "each statement on its own"


@frozen
class Segment:
    """Consecutive statements ``start`` .. ``stop - 1`` that the runner runs together.

    ``in_transaction``: they run inside a transaction block, where ``CREATE INDEX
    CONCURRENTLY`` fails ("cannot run inside a transaction block") and ``SET LOCAL`` lasts to
    the end of the block. ``pulled_out``: the runner took this statement out of the file's
    transaction and runs it alone.
    """

    start: int
    stop: int
    in_transaction: bool
    pulled_out: bool = False

    def __contains__(self, index: object) -> bool:
        return isinstance(index, int) and self.start <= index < self.stop


def _segment_start(segment: Segment) -> int:
    return segment.start


class EachAlone(Sequence[Segment]):
    """The segments of ``size`` statements that each run alone, outside a transaction block,
    made when asked for: a huge file would otherwise hold one object per statement.

    Equal to the tuple of the same segments (and hashed alike).
    """

    __slots__ = ("size",)

    def __init__(self, size: int) -> None:
        self.size = size

    def __len__(self) -> int:
        return self.size

    @overload
    def __getitem__(self, index: int) -> Segment: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Segment, ...]: ...

    def __getitem__(self, index: int | slice) -> Segment | tuple[Segment, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self.size)))
        position = index + self.size if index < 0 else index
        if not 0 <= position < self.size:
            raise IndexError(index)
        return Segment(position, position + 1, False)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EachAlone):
            return self.size == other.size
        if isinstance(other, (tuple, list)):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"EachAlone({self.size})"


@frozen
class FileRun:
    """How one file runs: its segments in order, and what the file as a whole is.

    ``opted_out``: the file carries the tool's opt-out directive. ``atomic``: every statement
    commits or none does. ``shared``: the file's transaction also holds the other pending
    migrations (so a table created by an earlier file of the same deploy is not yet committed).
    ``refused``: why the runner refuses to run the file at all ("" when it runs it).
    ``one_session``: every segment runs on the same database session, so a session ``SET``
    made in one segment still holds in the later ones.
    """

    segments: Sequence[Segment]
    opted_out: bool = False
    atomic: bool = False
    shared: bool = False
    refused: str = ""
    one_session: bool = True

    def segment(self, index: int) -> Segment:
        """The segment statement ``index`` belongs to (IndexError when there is none)."""
        # The segments are in order and do not overlap: the last one starting at or before.
        found = bisect.bisect_right(self.segments, index, key=_segment_start) - 1
        if found >= 0 and index in self.segments[found]:
            return self.segments[found]
        raise IndexError(index)

    def in_transaction(self, index: int) -> bool:
        """Whether statement ``index`` runs inside a transaction block."""
        return self.segment(index).in_transaction

    def setting_holds(self, set_at: int, at: int, *, local: bool = False) -> bool:
        """Whether a ``SET`` at statement ``set_at`` still holds when statement ``at`` runs.

        ``local``: it is ``SET LOCAL``, which lasts to the end of its transaction block (and
        outside one does nothing). A session ``SET`` lasts while the session does, so it holds
        in a later segment of the file when the runner keeps one session for the file.
        """
        return setting_holds(self.segment, self.one_session, set_at, at, local)


def setting_holds(
    segment: Callable[[int], Segment], one_session: bool, set_at: int, at: int, local: bool
) -> bool:
    """``FileRun.setting_holds`` of a run whose segments ``segment`` finds."""
    if at <= set_at:
        return False
    where = segment(set_at)
    if local:
        return where.in_transaction and at in where
    return at in where or one_session


# A statement's leading comments and blanks, skipped before matching its first words.
LEAD = re.compile(r"(?:\s+|--[^\n]*|/\*.*?\*/)*", re.DOTALL)


def starts_with(
    pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None
) -> bool:
    """Whether the statement ``text[start:end]`` starts with ``pattern`` (after comments)."""
    stop = len(text) if end is None else end
    lead = LEAD.match(text, start, stop)
    return pattern.match(text, lead.end() if lead else start, stop) is not None


@frozen
class Matcher:
    """Statements recognised by their first words (case-insensitive, after comments).

    ``pattern`` finds the words anywhere; ``first`` is ``LEAD`` then ``pattern`` (one match
    per statement, where a runner asks of every statement): the leading comments and blanks
    are an atomic group, so the words are matched where ``LEAD`` alone ends, as
    ``starts_with`` does.
    """

    pattern: re.Pattern[str]
    first: re.Pattern[str] = field(compare=False, repr=False)

    @classmethod
    def of(cls, *alternatives: str) -> Matcher:
        words = "|".join(f"(?:{a})" for a in alternatives)
        first = f"(?>(?s:{LEAD.pattern}))(?:{words})"
        return cls(re.compile(words, re.IGNORECASE), re.compile(first, re.IGNORECASE))

    def matches(self, statement: str, start: int = 0, end: int | None = None) -> bool:
        """Whether the statement ``statement[start:end]`` starts with one of the words."""
        stop = len(statement) if end is None else end
        return self.first.match(statement, start, stop) is not None


@frozen
class TransactionModel:
    """A runner's transaction behaviour (see the module docstring).

    Args:
        runner: the runner's name as a sentence starts with it ("The Supabase CLI"); inside a
            sentence, ``runner_in_text``.
        scope: what one transaction holds when the file does not opt out.
        version: the runner version the model is for (``None``: the newest behaviour).
        opt_out: the directive a user writes to opt a file out, as shown in help ("" if none).
        opt_out_pattern: how the directive is found in a file's text (``None``: it is not in
            the file, e.g. Flyway's ``executeInTransaction=false`` in a ``.conf`` file).
        opted_out_files: the files (display paths) a side file opts out (Flyway's
            ``<script>.sql.conf``), as discovery read them (``configured``).
        opted_out_scope: the scope of an opted-out file.
        pulled_out: statements the runner takes out of the file's transaction and runs alone.
        whole_file: statements whose presence makes the runner run the whole file with
            ``STATEMENT`` scope (Flyway's detection of non-transactional statements).
        mixing_refused: why the runner refuses a file that mixes ``whole_file`` statements
            with others ("" when it does not: Flyway refuses unless ``mixed=true``).
        settings_carry_between_files: a session ``SET`` made by one file is sure to hold in
            the next one (the runner keeps one session and does not reset it). ``False`` when
            it resets the session (the Supabase CLI's ``RESET ALL``), opens a new one per file,
            or takes connections from a pool (no guarantee either way).
        settings_carry_within_file: the segments of one file run on one session, so a session
            ``SET`` before a pulled-out (or autocommitted) statement holds for it.
        multi_statement_scope: the scope when the runner's multi-statement option is on
            (golang-migrate's ``x-multi-statement``: each statement on its own); ``None``: the
            runner has no such option.
    """

    runner: str
    scope: Scope
    version: Version | None = None
    opt_out: str = ""
    opt_out_pattern: re.Pattern[str] | None = None
    opted_out_scope: Scope = Scope.STATEMENT
    pulled_out: Matcher | None = None
    whole_file: Matcher | None = None
    mixing_refused: str = ""
    settings_carry_between_files: bool = False
    settings_carry_within_file: bool = True
    multi_statement_scope: Scope | None = None
    opted_out_files: frozenset[str] = frozenset()

    def configured(
        self, *, multi_statement: bool = False, opted_out_files: frozenset[str] = frozenset()
    ) -> TransactionModel:
        """The model as the project configures the runner: its multi-statement option on (a
        runner without one ignores it), and the files its side files opt out."""
        model = self
        if multi_statement and self.multi_statement_scope is not None:
            model = replace(model, scope=self.multi_statement_scope)
        if opted_out_files:
            model = replace(model, opted_out_files=opted_out_files)
        return model

    def opts_out(self, text: str, path: str = "") -> bool:
        """Whether the file ``path`` with ``text`` carries the opt-out directive (in its text,
        or in a side file)."""
        if path and path in self.opted_out_files:
            return True
        return self.opt_out_pattern is not None and self.opt_out_pattern.search(text) is not None

    def run(self, text: str, statements: Sequence[str], path: str = "") -> FileRun:
        """How a file with ``text`` whose statements are ``statements`` (SQL text) runs;
        ``path``: its display path, for an opt-out in a side file."""
        from schemalint.tools.file_runner import FileRunner

        runner = FileRunner(self, text, path)
        for statement in statements:
            runner.add(statement)
        return runner.finish()

    @property
    def runner_in_text(self) -> str:
        """The runner's name inside a sentence ("the Supabase CLI", "dbmate")."""
        return "the" + self.runner[3:] if self.runner.startswith("The ") else self.runner

    def describe(self) -> str:
        """One line for ``-v``: the runner, its version and its scope."""
        version = ".".join(map(str, self.version)) if self.version else "newest"
        pulled = "; non-transactional statements run alone" if self.pulled_out else ""
        return f"{self.runner} ({version}): {self.scope.value}{pulled}"


def parse_version(text: str) -> Version | None:
    """``"2.109.0"`` as ``(2, 109, 0)``; ``None`` when it is not dotted digits."""
    match = re.fullmatch(r"v?(\d+(?:\.\d+)*)", text.strip())
    return tuple(int(part) for part in match.group(1).split(".")) if match else None
