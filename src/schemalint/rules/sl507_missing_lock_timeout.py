"""SL507 missing-lock-timeout: a statement that waits for a strong lock on a table in use, with
no ``lock_timeout`` to stop the queue that forms behind it."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint import ir
from schemalint.catalog.model import Table
from schemalint.findings import Help, Severity
from schemalint.frozen import frozen
from schemalint.rules._naming import table_label
from schemalint.rules._safety import existing_table, table_of_index
from schemalint.rules.base import ChangeContext, ChangeRule, RuleOptions
from schemalint.source import Span

ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE"
SHARE_ROW_EXCLUSIVE = "SHARE ROW EXCLUSIVE"

# ir.ALTER_TABLE_ACTIONS each take ACCESS EXCLUSIVE on their table (a foreign key added with
# ADD CONSTRAINT takes SHARE ROW EXCLUSIVE instead, on both tables).
# Statements on one table: the command a message names, the lock.
_ON_TABLE: dict[type[ir.Statement], tuple[str, str]] = {
    ir.CreatePolicy: ("CREATE POLICY", ACCESS_EXCLUSIVE),
    ir.AlterPolicy: ("ALTER POLICY", ACCESS_EXCLUSIVE),
    ir.DropPolicy: ("DROP POLICY", ACCESS_EXCLUSIVE),
    ir.DropTrigger: ("DROP TRIGGER", ACCESS_EXCLUSIVE),
    ir.CreateTrigger: ("CREATE TRIGGER", SHARE_ROW_EXCLUSIVE),
}
_ON_TABLE_TYPES = (ir.CreatePolicy, ir.AlterPolicy, ir.DropPolicy, ir.DropTrigger, ir.CreateTrigger)
_TIMEOUT = "SET lock_timeout = '5s';"


class MissingLockTimeoutOptions(RuleOptions):
    # A lock_timeout set for the role or the database (ALTER ROLE ... SET lock_timeout): the
    # migrations cannot show it.
    assume_lock_timeout: bool = False


@frozen
class _Lock:
    """A lock a statement waits for: on ``table`` (named at ``span``), in ``mode``."""

    table: Table
    span: Span
    mode: str
    command: str


def _constraints(statement: ir.Statement) -> tuple[ir.ConstraintDef, ...]:
    if isinstance(statement, ir.AddConstraint):
        return (statement.constraint,)
    if isinstance(statement, ir.AddColumn):
        return statement.column.constraints
    # A new table's foreign keys lock the referenced tables too (SHARE ROW EXCLUSIVE), but
    # that waits only behind writers, and asking for a timeout on every new table is noise.
    return ()


def _named(statement: ir.Statement) -> Iterator[tuple[ir.TableRef, str, str]]:
    """The tables a statement names and locks strongly (each with the mode and the command a
    message names), before looking them up."""
    if isinstance(statement, ir.ALTER_TABLE_ACTIONS):
        foreign_key = isinstance(statement, ir.AddConstraint) and statement.constraint.references
        yield (
            statement.table,
            SHARE_ROW_EXCLUSIVE if foreign_key else ACCESS_EXCLUSIVE,
            "ALTER TABLE",
        )
    elif isinstance(statement, _ON_TABLE_TYPES):
        command, mode = _ON_TABLE[type(statement)]
        yield statement.table, mode, command
    elif isinstance(statement, (ir.DropTable, ir.Truncate)):
        command = "DROP TABLE" if isinstance(statement, ir.DropTable) else "TRUNCATE"
        yield from ((ref, ACCESS_EXCLUSIVE, command) for ref in statement.tables)
    elif isinstance(statement, ir.RewriteTable):
        yield from ((ref, ACCESS_EXCLUSIVE, statement.command) for ref in statement.tables)
    elif isinstance(statement, ir.NonTransactional):
        yield from ((ref, ACCESS_EXCLUSIVE, "VACUUM FULL") for ref in statement.rewrites)
    elif isinstance(statement, ir.AttachPartition):
        yield statement.partition, ACCESS_EXCLUSIVE, "ATTACH PARTITION"
    elif isinstance(statement, ir.DetachPartition):
        yield statement.table, ACCESS_EXCLUSIVE, "DETACH PARTITION"
        yield statement.partition, ACCESS_EXCLUSIVE, "DETACH PARTITION"
    for constraint in _constraints(statement):
        if constraint.references is not None:
            yield constraint.references.table, SHARE_ROW_EXCLUSIVE, "ALTER TABLE"


def _dropped_indexes(statement: ir.Statement) -> tuple[tuple[str | None, str], ...]:
    if isinstance(statement, ir.DropIndex) and not statement.concurrently:
        return statement.names
    return ()


def strong_locks(
    statement: ir.Statement,
    ctx: ChangeContext[MissingLockTimeoutOptions],
    named: tuple[tuple[ir.TableRef, str, str], ...] | None = None,
) -> list[_Lock]:
    """The ACCESS EXCLUSIVE and SHARE ROW EXCLUSIVE locks ``statement`` waits for on tables
    that existed before the deploy (a table new in this deploy is not in use yet);
    ``named``: its ``_named`` tables when known."""
    locks: list[_Lock] = []
    for ref, mode, command in _named(statement) if named is None else named:
        table = existing_table(ctx, ref)
        if table is not None and all(lock.table.key != table.key for lock in locks):
            locks.append(_Lock(table, ref.span, mode, command))
    for schema, name in _dropped_indexes(statement):
        owner = table_of_index(ctx.catalog, schema, name)
        if owner is not None and ctx.existed_before(owner):
            locks.append(_Lock(owner, statement.span, ACCESS_EXCLUSIVE, "DROP INDEX"))
            break
    return locks


def _waited(
    named: tuple[ir.TableRef, ...],
    dropped: tuple[tuple[str | None, str], ...],
    ctx: ChangeContext[MissingLockTimeoutOptions],
) -> bool:
    """Whether an earlier statement of the file that named the tables ``named`` and dropped
    the indexes ``dropped`` waited for such a lock. The catalog is the current statement's:
    a table or index it no longer knows was renamed or dropped since, so it existed."""
    for ref in named:
        table = ctx.catalog.table(ref.schema, ref.name)
        if table is None or ctx.existed_before(table):
            return True
    for schema, name in dropped:
        owner = table_of_index(ctx.catalog, schema, name)
        if owner is None or ctx.existed_before(owner):
            return True
    return False


@frozen
class _Timeout:
    """Whether a ``lock_timeout`` is in effect at a statement of the file; ``lost_at``: the
    top-level statement whose ``SET LOCAL lock_timeout`` no longer holds there; ``seen``: the
    file set it (or reset it) before."""

    in_effect: bool
    lost_at: int | None = None
    seen: bool = False

    def then(self, setting: ir.SetLockTimeout, at: int, holds: bool, assume: bool) -> _Timeout:
        """The timeout after ``setting`` (at top-level statement ``at``), where it ``holds``
        or not. ``RESET`` (``value`` ``None``) goes back to the server's default (``assume``).

        Settings made by other migration files are not counted, even under a runner that
        keeps its session from file to file: a file may deploy alone, and some runners reset
        the session between files (the Supabase CLI's ``RESET ALL``).
        """
        if holds:
            in_effect = assume if setting.value is None else setting.limits
            return _Timeout(in_effect, seen=True)
        if setting.local and setting.limits:
            return _Timeout(self.in_effect, at, seen=True)
        return self


class _Earlier:
    """What SL507 keeps of a file's earlier top-level statements (they are let go), runner
    segment by segment (``FileRun.setting_holds``; no runner: one session, one block): the
    ``lock_timeout`` in effect, and what the segment's statements that lock tables named.

    A setting holds in its own segment (a ``SET LOCAL`` only in a transaction block) and, a
    session ``SET``, in the later ones when the runner keeps one session for the file; so the
    timeout at a statement is the one after the earlier segments, then the settings of its
    own, each folded in once (a long file in one transaction is not walked at each statement).
    """

    def __init__(self, assume: bool) -> None:
        self.assume = assume
        self.start: int | None = None  # the first SQL statement of the current segment
        self.before = _Timeout(assume)  # in effect after the earlier segments
        self.now = self.before  # ... and after the current segment's settings so far
        self.settings: list[tuple[int, ir.SetLockTimeout]] = []  # the current segment's
        # The current segment's statements that lock tables: their index, the tables they
        # named, the indexes they dropped, and whether a timeout was in effect there.
        self.locking: list[
            tuple[int, tuple[ir.TableRef, ...], tuple[tuple[str | None, str], ...], bool]
        ] = []

    def at(self, ctx: ChangeContext[MissingLockTimeoutOptions]) -> _Timeout:
        """The ``lock_timeout`` in effect when the current statement runs: the latest setting
        of the file that still holds there, else the server's default (none, unless the
        options say the role or database sets one)."""
        segment = ctx.segment()
        start = 0 if segment is None else segment.start
        if start != self.start:
            if self.start is not None and ctx.run is not None:
                one_session = ctx.run.one_session
                for index, setting in self.settings:
                    holds = one_session and not setting.local
                    self.before = self.before.then(setting, index, holds, self.assume)
            self.start, self.now = start, self.before
            self.settings.clear()
            self.locking.clear()
        return self.now

    def record(
        self,
        statement: ir.Statement,
        ctx: ChangeContext[MissingLockTimeoutOptions],
        named: tuple[tuple[ir.TableRef, str, str], ...],
    ) -> None:
        """Keep what statement ``ctx.index`` (``statement``, naming ``named``) tells later
        ones."""
        now = self.at(ctx)
        dropped = _dropped_indexes(statement)
        if named or dropped:
            refs = tuple(ref for ref, _, _ in named)
            self.locking.append((ctx.index, refs, dropped, now.in_effect))
        if isinstance(statement, (ir.SetLockTimeout, ir.DoBlock)):
            segment = ctx.segment()
            transaction = segment is None or segment.in_transaction
            for setting in _settings(statement):
                holds = transaction or not setting.local
                self.now = self.now.then(setting, ctx.index, holds, self.assume)
                self.settings.append((ctx.index, setting))


def _settings(statement: ir.Statement) -> Iterator[ir.SetLockTimeout]:
    if isinstance(statement, ir.SetLockTimeout):
        yield statement
    elif isinstance(statement, ir.DoBlock):
        # A DO block runs in the caller's transaction: its SET LOCAL lasts as one there would.
        yield from (s for s in statement.body if isinstance(s, ir.SetLockTimeout))


class MissingLockTimeout(ChangeRule[MissingLockTimeoutOptions]):
    code = "SL507"
    name = "missing-lock-timeout"
    severity = Severity.WARNING
    unsafe_fixable = True
    summary = (
        "Flags the first statement of a transaction that waits for an ACCESS EXCLUSIVE or "
        "SHARE ROW EXCLUSIVE lock on a table that already exists with no `lock_timeout` in "
        "effect"
    )
    options_model = MissingLockTimeoutOptions
    statement_types = (
        *ir.ALTER_TABLE_ACTIONS,
        ir.CreatePolicy,
        ir.AlterPolicy,
        ir.DropPolicy,
        ir.CreateTrigger,
        ir.DropTrigger,
        ir.DropTable,
        ir.Truncate,
        ir.RewriteTable,
        ir.NonTransactional,
        ir.AttachPartition,
        ir.DetachPartition,
        ir.DropIndex,
        # Read for the ``lock_timeout`` they set (a DO block's ``SET LOCAL`` too).
        ir.SetLockTimeout,
        ir.DoBlock,
    )
    dialects = frozenset({"postgres"})

    def check(self, statement: ir.Statement, ctx: ChangeContext[MissingLockTimeoutOptions]) -> None:
        if ctx.in_body:
            return
        earlier = ctx.file.carried(self.code, lambda: _Earlier(ctx.options.assume_lock_timeout))
        named = tuple(_named(statement))
        self._judge(statement, ctx, earlier, named)
        if statement is ctx.statements[ctx.index]:  # not an element of a CREATE SCHEMA
            earlier.record(statement, ctx, named)

    def _judge(
        self,
        statement: ir.Statement,
        ctx: ChangeContext[MissingLockTimeoutOptions],
        earlier: _Earlier,
        named: tuple[tuple[ir.TableRef, str, str], ...],
    ) -> None:
        locks = strong_locks(statement, ctx, named)
        if not locks:
            return
        timeout = earlier.at(ctx)
        if timeout.in_effect or self._waited_earlier(ctx, earlier, timeout.seen):
            return
        lock = locks[0]
        message = (
            f"`{lock.command}` waits for {lock.mode} on `{table_label(lock.table)}` with no "
            "`lock_timeout` in effect"
        )
        if timeout.lost_at is not None:
            message += self._lost(ctx, timeout.lost_at)
        ctx.report(lock.span, message, help=self._help(ctx, lock))

    def _waited_earlier(
        self, ctx: ChangeContext[MissingLockTimeoutOptions], earlier: _Earlier, seen: bool
    ) -> bool:
        """Whether an earlier statement of the same transaction already waited for such a lock
        without a timeout (that one is reported: one timeout at the top fixes both). ``seen``:
        the file sets ``lock_timeout`` before the current statement; when it does not, no
        earlier statement had one either."""
        for _, named, dropped, in_effect in reversed(earlier.locking):
            if _waited(named, dropped, ctx) and not (seen and in_effect):
                return True
        return False

    def _lost(self, ctx: ChangeContext[MissingLockTimeoutOptions], lost_at: int) -> str:
        segment = ctx.segment(lost_at)
        if segment is not None and not segment.in_transaction:
            return (
                ": the earlier `SET LOCAL lock_timeout` ran outside a transaction block, where "
                "it does nothing"
            )
        return ": the earlier `SET LOCAL lock_timeout` ended with its transaction"

    def _help(self, ctx: ChangeContext[MissingLockTimeoutOptions], lock: _Lock) -> Help:
        exclusive = lock.mode == ACCESS_EXCLUSIVE
        label = table_label(lock.table)
        if ctx.run is not None and not ctx.run.one_session and ctx.model is not None:
            return Help(_HELP[exclusive, True], (lock.command, label, ctx.model.runner))
        return Help(_HELP[exclusive, False], (lock.command, label))


def _why(behind: str, queue: str) -> str:
    """The help's first sentences, a template: ``{0}``, the statement's command; ``{1}``, the
    table's label."""
    return (
        "While `{0}` waits for its lock (behind any open transaction that has "
        + behind
        + ": a long query, a session left idle in transaction), "
        + queue
        + " queues behind it and the application stalls. With a lock timeout the migration "
        "fails fast instead (SQLSTATE 55P03) and can be retried. "
    )


# ``{2}``: the runner.
_ROLE = (
    "{2} may run each statement of this file on another connection, where a `SET` made before "
    "does not hold: set `lock_timeout` for the role that runs migrations (`ALTER ROLE ... SET "
    "lock_timeout = '5s'`) and this rule's `assume-lock-timeout = true`."
)
_FILE = (
    f"Start the migration with `{_TIMEOUT}` (in this file: a setting made by another migration "
    "may not hold). If the role or database that runs migrations sets `lock_timeout`, set this "
    "rule's `assume-lock-timeout = true`."
)
_READ = _why("read or written `{1}`", "every query of the table")
_WRITTEN = _why("written to `{1}`", "every write to the table")
# By whether the lock is ACCESS EXCLUSIVE, and whether the runner may change connections.
_HELP = {
    (True, True): _READ + _ROLE,
    (True, False): _READ + _FILE,
    (False, True): _WRITTEN + _ROLE,
    (False, False): _WRITTEN + _FILE,
}
