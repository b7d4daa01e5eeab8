"""How one file runs under a transaction model, worked out as its statements arrive.

``TransactionModel.run`` feeds a ``FileRunner`` every statement of a file and takes the
``FileRun`` it finishes with. The engine feeds it a huge file's statements one by one as they
are parsed, and asks it about each statement once its answers are ``settled`` (no later
statement can change them), so that a statement can be linted and dropped long before the file
ends. Until the file is finished, a segment still open ends at the last statement seen.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from schemalint.tools.transactions import (
    LEAD,
    EachAlone,
    FileRun,
    Scope,
    Segment,
    TransactionModel,
    setting_holds,
    starts_with,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

_BEGIN = re.compile(r"(?:BEGIN|START\s+TRANSACTION)\b", re.IGNORECASE)
_END = re.compile(r"(?:COMMIT|END|ROLLBACK|ABORT)\b", re.IGNORECASE)

# What a statement is to the model, for a file whose scope is known only at its end.
_PULLED, _WHOLE, _BEGINS, _ENDS = 1, 2, 4, 8


def opens_block(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether the SQL statement ``text[start:end]`` is the file's own ``BEGIN``."""
    return starts_with(_BEGIN, text, start, end)


def ends_block(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether the SQL statement ``text[start:end]`` is a ``COMMIT`` (or ``END``, ...)."""
    return starts_with(_END, text, start, end)


class FileRunner:
    """The segments of one file under ``model``, statement by statement (``add``).

    ``text``/``path``: the file's text and display path (its opt-out directive).
    ``explicit_blocks``: statements between the file's own ``BEGIN`` and ``COMMIT`` run in a
    transaction block where the runner would run them on their own. ``within``: a text
    that holds every statement to come (the file's): where it lacks the words of a statement
    that would change earlier answers, they are settled sooner.
    It answers what a ``FileRun`` answers (``segment``, ``in_transaction``,
    ``setting_holds`` and the file's facts) about the statements added so far.
    """

    def __init__(
        self,
        model: TransactionModel,
        text: str,
        path: str = "",
        *,
        explicit_blocks: bool = False,
        within: str | None = None,
        scope: Scope | None = None,
    ) -> None:
        self.model = model
        self.opted_out = model.opts_out(text, path)
        self.scope = scope or (model.opted_out_scope if self.opted_out else model.scope)
        self.count = 0
        self.refused = ""
        self._blocks = explicit_blocks
        self._session = model.settings_carry_within_file
        # Flyway runs the whole file without a transaction when any statement is one of its
        # non-transactional ones: while that may still come, nothing is settled (a file that
        # does not hold the words anywhere is spared the wait).
        whole = model.whole_file
        self._kinds: bytearray | None = None
        if (
            scope is None
            and whole is not None
            and not self.opted_out
            and (within is None or whole.pattern.search(within))
        ):
            self._kinds = bytearray()
        pulled = model.pulled_out
        self._pulled = pulled if self.scope in (Scope.FILE, Scope.BATCH) else None
        # Whether ``one_session`` may still change (with ``atomic``) at a later statement.
        self._session_waits = (
            not self._session
            and self._pulled is not None
            and (within is None or self._pulled.pattern.search(within) is not None)
        )
        # Closed segments (transaction blocks, pulled-out statements), in order, and starts.
        self._closed: list[Segment] = []
        self._starts: list[int] = []
        # FILE/BATCH: where the open transaction starts; STATEMENT: the open block's start.
        self._open: int | None = 0 if self.scope in (Scope.FILE, Scope.BATCH) else None
        self._first_begins = False
        self._final: FileRun | None = None
        # Whether the answers about the statements added so far are final (a file sent as
        # one query string: once a second statement says it is a transaction).
        self._waits_for_two = self._kinds is None and self.scope is Scope.FILE_IMPLICIT
        self.settled = self._kinds is None and not self._session_waits and not self._waits_for_two
        # Whether a statement can change nothing but the count (one transaction for the
        # file or batch, no statement pulled out of it): what most files are.
        self._counts_only = (
            self._kinds is None and self._pulled is None and self.scope in (Scope.FILE, Scope.BATCH)
        )

    def add(self, text: str, start: int = 0, end: int | None = None) -> None:
        """The next SQL statement of the file: ``text[start:end]``."""
        if self._counts_only:
            self.count += 1
            return
        if self._kinds is not None:
            self._kinds.append(self._kind(text, start, end))
            self.count += 1
            return
        self._step(text, start, end)
        if self._waits_for_two and self.count > 1:
            self.settled = True

    def _kind(self, text: str, start: int, end: int | None) -> int:
        model = self.model
        kind = 0
        if model.pulled_out is not None and model.pulled_out.matches(text, start, end):
            kind |= _PULLED
        if model.whole_file is not None and model.whole_file.matches(text, start, end):
            kind |= _WHOLE
        if opens_block(text, start, end):
            kind |= _BEGINS
        if ends_block(text, start, end):
            kind |= _ENDS
        return kind

    def _step(self, text: str, start: int, end: int | None, kind: int | None = None) -> None:
        index = self.count
        self.count += 1
        if self._pulled is not None:
            if kind is None:
                stop = len(text) if end is None else end
                pulled = self._pulled.first.match(text, start, stop) is not None
            else:
                pulled = bool(kind & _PULLED)
            if pulled:
                assert self._open is not None
                if self._open < index:
                    self._close(Segment(self._open, index, True))
                self._close(Segment(index, index + 1, False, pulled_out=True))
                self._open = index + 1
        elif not self._blocks:
            return
        elif self.scope is Scope.STATEMENT:
            # Matched here rather than through opens_block: this runs for every statement.
            if kind is None:
                stop = len(text) if end is None else end
                at = LEAD.match(text, start, stop).end()  # type: ignore[union-attr]
                pattern = _BEGIN if self._open is None else _END
                kind = _BEGINS | _ENDS if pattern.match(text, at, stop) else 0
            if self._open is None:
                if kind & _BEGINS:
                    self._open = index
            elif kind & _ENDS:
                self._close(Segment(self._open, index + 1, True))
                self._open = None
        elif self.scope is Scope.FILE_IMPLICIT and index == 0:
            self._first_begins = bool(
                opens_block(text, start, end) if kind is None else kind & _BEGINS
            )

    def _close(self, segment: Segment) -> None:
        self._closed.append(segment)
        self._starts.append(segment.start)

    def finish(self) -> FileRun:
        """How the whole file runs, once its last statement was added."""
        if self._final is None:
            self._final = self._finished()
            self.settled = True
        return self._final

    def _finished(self) -> FileRun:
        if self._kinds is not None:
            kinds = {kind & _WHOLE for kind in self._kinds}
            scope = Scope.STATEMENT if _WHOLE in kinds else self.scope
            runner = FileRunner(self.model, "", explicit_blocks=self._blocks, scope=scope)
            runner.opted_out = self.opted_out
            for kind in self._kinds:
                runner._step("", 0, 0, kind)
            if _WHOLE in kinds and len(kinds) == 2:
                runner.refused = self.model.mixing_refused
            return runner.finish()
        count = self.count
        if self.scope is Scope.FILE_IMPLICIT:
            alone = Segment(0, count, count > 1 or (count == 1 and self._first_begins))
            return FileRun((alone,), self.opted_out, atomic=True)
        if self.scope is Scope.STATEMENT:
            if not self._closed and self._open is None:
                return FileRun(
                    EachAlone(count),
                    self.opted_out,
                    count <= 1,
                    refused=self.refused,
                    one_session=self._session,
                )
            # A Segment each, in order, as before the file said BEGIN (its refusal aside).
            return FileRun(
                tuple(self._statement_segments()),
                self.opted_out,
                count <= 1,
                one_session=self._session,
            )
        segments = self._closed.copy()
        assert self._open is not None
        if self._open < count or not segments:
            segments.append(Segment(self._open, count, True))
        atomic = len(segments) <= 1
        return FileRun(
            tuple(segments),
            self.opted_out,
            atomic,
            self.scope is Scope.BATCH,
            self.refused,
            one_session=self._session or atomic,
        )

    def _statement_segments(self) -> Sequence[Segment]:
        segments: list[Segment] = []
        blocks = [*self._closed]
        if self._open is not None:
            blocks.append(Segment(self._open, self.count, True))
        index = 0
        for block in blocks:
            segments.extend(Segment(i, i + 1, False) for i in range(index, block.start))
            segments.append(block)
            index = block.stop
        segments.extend(Segment(i, i + 1, False) for i in range(index, self.count))
        return segments

    def segment(self, index: int) -> Segment:
        """The segment statement ``index`` belongs to (IndexError when there is none)."""
        if self._final is not None:
            return self._final.segment(index)
        count = self.count
        if not 0 <= index < count:
            raise IndexError(index)
        if self.scope is Scope.FILE_IMPLICIT:
            return Segment(0, count, count > 1 or self._first_begins)
        found = bisect.bisect_right(self._starts, index) - 1
        if found >= 0 and index in self._closed[found]:
            return self._closed[found]
        if self._open is not None and index >= self._open:
            return Segment(self._open, count, True)
        return Segment(index, index + 1, False)

    def in_transaction(self, index: int) -> bool:
        """Whether statement ``index`` runs inside a transaction block."""
        return self.segment(index).in_transaction

    @property
    def atomic(self) -> bool:
        """Whether every statement so far commits or none does."""
        if self._final is not None:
            return self._final.atomic
        if self.scope is Scope.STATEMENT:
            return self.count <= 1
        return (
            self.scope is Scope.FILE_IMPLICIT
            or not self._closed
            or (len(self._closed) == 1 and self._open == self.count)
        )

    @property
    def shared(self) -> bool:
        """Whether the file's transaction also holds the other pending migrations."""
        return self._final.shared if self._final is not None else self.scope is Scope.BATCH

    @property
    def one_session(self) -> bool:
        """Whether every segment so far runs on the same database session."""
        if self._final is not None:
            return self._final.one_session
        if self.scope is Scope.FILE_IMPLICIT:
            return True
        return self._session or (self.scope is not Scope.STATEMENT and self.atomic)

    def setting_holds(self, set_at: int, at: int, *, local: bool = False) -> bool:
        """``FileRun.setting_holds`` for the statements so far."""
        return setting_holds(self.segment, self.one_session, set_at, at, local)
