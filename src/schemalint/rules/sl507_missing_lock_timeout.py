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
    statement: ir.Statement, ctx: ChangeContext[MissingLockTimeoutOptions]
) -> list[_Lock]:
    """The ACCESS EXCLUSIVE and SHARE ROW EXCLUSIVE locks ``statement`` waits for on tables
    that existed before the deploy (a table new in this deploy is not in use yet)."""
    locks: list[_Lock] = []
    for ref, mode, command in _named(statement):
        table = existing_table(ctx, ref)
        if table is not None and all(lock.table.key != table.key for lock in locks):
            locks.append(_Lock(table, ref.span, mode, command))
    for schema, name in _dropped_indexes(statement):
        owner = table_of_index(ctx.catalog, schema, name)
        if owner is not None and ctx.existed_before(owner):
            locks.append(_Lock(owner, statement.span, ACCESS_EXCLUSIVE, "DROP INDEX"))
            break
    return locks


def _waited(statement: ir.Statement, ctx: ChangeContext[MissingLockTimeoutOptions]) -> bool:
    """Whether an earlier ``statement`` of the file waited for such a lock. The catalog is
    the current statement's: a table or index it no longer knows was renamed or dropped
    since, so it existed."""
    for ref, _, _ in _named(statement):
        table = ctx.catalog.table(ref.schema, ref.name)
        if table is None or ctx.existed_before(table):
            return True
    for schema, name in _dropped_indexes(statement):
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


def _holds(
    ctx: ChangeContext[MissingLockTimeoutOptions], set_at: int, at: int, local: bool
) -> bool:
    """Whether a ``SET`` at top-level statement ``set_at`` still holds at ``at``, as the
    runner runs the file (``FileRun.setting_holds``; no runner: one session, one block).

    Settings made by other migration files are not counted, even under a runner that keeps
    its session from file to file: a file may deploy alone, and some runners reset the
    session between files (the Supabase CLI's ``RESET ALL``).
    """
    run = ctx.run
    if run is None:
        return True
    return run.setting_holds(ctx.sql_index[set_at], ctx.sql_index[at], local=local)


def timeout_at(ctx: ChangeContext[MissingLockTimeoutOptions], at: int) -> _Timeout:
    """The ``lock_timeout`` in effect when top-level statement ``at`` runs: the latest setting
    of the file that still holds there, else the server's default (none, unless the options
    say the role or database sets one)."""
    state = _Timeout(ctx.options.assume_lock_timeout)
    for index in range(at):
        for setting in _settings(ctx.statements[index]):
            if _holds(ctx, index, at, setting.local):
                in_effect = ctx.options.assume_lock_timeout if setting.value is None else None
                state = _Timeout(setting.limits if in_effect is None else in_effect, seen=True)
            elif setting.local and setting.limits:
                state = _Timeout(state.in_effect, index, seen=True)
    return state


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
    )
    dialects = frozenset({"postgres"})

    def check(self, statement: ir.Statement, ctx: ChangeContext[MissingLockTimeoutOptions]) -> None:
        if ctx.in_body:
            return
        locks = strong_locks(statement, ctx)
        if not locks:
            return
        timeout = timeout_at(ctx, ctx.index)
        if timeout.in_effect or self._waited_earlier(ctx, timeout.seen):
            return
        lock = locks[0]
        message = (
            f"`{lock.command}` waits for {lock.mode} on `{table_label(lock.table)}` with no "
            "`lock_timeout` in effect"
        )
        if timeout.lost_at is not None:
            message += self._lost(ctx, timeout.lost_at)
        ctx.report(lock.span, message, help=self._help(ctx, lock))

    def _waited_earlier(self, ctx: ChangeContext[MissingLockTimeoutOptions], seen: bool) -> bool:
        """Whether an earlier statement of the same transaction already waited for such a lock
        without a timeout (that one is reported: one timeout at the top fixes both). ``seen``:
        the file sets ``lock_timeout`` before the current statement; when it does not, no
        earlier statement had one either."""
        segment = ctx.segment()
        for index in range(ctx.index - 1, -1, -1):
            if segment is not None and ctx.sql_index[index] not in segment:
                return False
            earlier = ctx.statements[index]
            if _waited(earlier, ctx) and not (seen and timeout_at(ctx, index).in_effect):
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
