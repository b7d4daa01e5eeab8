"""What PostgreSQL really does with a migration statement: the lock/rewrite/transaction oracle.

Each function runs SQL on a database of a throwaway cluster (``pgcluster``) and reports what
the server did, so that a rule's claims (this takes SHARE on the table, this rewrites it, this
fails inside a transaction block) are checked against the server rather than re-argued:

- ``in_transaction``: the statements in one explicit transaction block; the locks the
  transaction holds afterwards (strongest mode per relation, read from ``pg_locks``), the
  relations whose ``pg_class.relfilenode`` changed (a rewrite), or the error;
- ``as_one_query``: the statements as one multi-statement query string, which PostgreSQL runs
  as one implicit transaction (what golang-migrate, dbmate and Prisma Migrate send);
- ``alone``: one statement in autocommit (what a runner does outside a transaction);
- ``while_writer_waits``: a statement that cannot run in a transaction (``CREATE INDEX
  CONCURRENTLY``...) observed from outside while a writer holds it up: its locks, and whether
  another session can still write to the table meanwhile.

``seed_rows`` gives every table a row, so that a statement meets a table that holds data.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tests.pgcluster import Cluster, ClusterError

# Lock modes from weakest to strongest, as pg_locks names them and as the docs write them.
LOCK_MODES = {
    "AccessShareLock": "ACCESS SHARE",
    "RowShareLock": "ROW SHARE",
    "RowExclusiveLock": "ROW EXCLUSIVE",
    "ShareUpdateExclusiveLock": "SHARE UPDATE EXCLUSIVE",
    "ShareLock": "SHARE",
    "ShareRowExclusiveLock": "SHARE ROW EXCLUSIVE",
    "ExclusiveLock": "EXCLUSIVE",
    "AccessExclusiveLock": "ACCESS EXCLUSIVE",
}
_STRENGTH = {name: rank for rank, name in enumerate(LOCK_MODES.values())}

# Relations of the project: not the system's, not Supabase's stubs, not temporary ones.
_USER_RELATIONS = """
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'auth')
    AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast%'
    AND c.relkind IN ('r', 'p', 'i', 'I', 'm')
"""
_BEFORE = f"SELECT 'before|' || c.oid || '|' || c.relfilenode || '|' || c.oid::regclass {_USER_RELATIONS};"
_AFTER = (
    f"SELECT 'after|' || c.oid || '|' || c.relfilenode || '|' || c.oid::regclass {_USER_RELATIONS};"
)
_LOCKS = """
SELECT 'lock|' || l.relation || '|' || l.mode
  FROM pg_locks l
  WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted;
"""
_ERROR = re.compile(r"ERROR:\s+([0-9A-Z]{5}): (.*)")

# One row in every table of the project, whatever its columns: NOT NULL columns without a
# default get a value of their type; foreign keys are not enforced while seeding.
SEED_ROWS = r"""
SET session_replication_role = replica;
DO $seed$
DECLARE
  rel record;
  col record;
  names text;
  vals text;
BEGIN
  FOR rel IN
    SELECT c.oid, c.oid::regclass AS name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'auth')
        AND n.nspname NOT LIKE 'pg\_%'
  LOOP
    names := '';
    vals := '';
    FOR col IN
      SELECT a.attname, a.atttypid, t.typcategory, t.typtype
        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull
          AND NOT a.atthasdef AND a.attidentity = '' AND a.attgenerated = ''
        ORDER BY a.attnum
    LOOP
      names := names || ', ' || quote_ident(col.attname);
      vals := vals || ', ' || CASE
        WHEN col.typtype = 'e' THEN quote_literal((SELECT e.enumlabel FROM pg_enum e
          WHERE e.enumtypid = col.atttypid ORDER BY e.enumsortorder LIMIT 1))
        WHEN col.atttypid = 'uuid'::regtype THEN 'gen_random_uuid()'
        WHEN col.typcategory = 'N' THEN '1'
        WHEN col.typcategory = 'B' THEN 'true'
        WHEN col.typcategory = 'D' THEN 'now()'
        WHEN col.typcategory = 'A' THEN '''{}'''
        ELSE '''x'''
      END || '::' || col.atttypid::regtype;
    END LOOP;
    IF names = '' THEN
      EXECUTE format('INSERT INTO %s DEFAULT VALUES', rel.name);
    ELSE
      EXECUTE format('INSERT INTO %s (%s) VALUES (%s)', rel.name, substr(names, 3),
        substr(vals, 3));
    END IF;
  END LOOP;
END
$seed$;
RESET session_replication_role;
"""


@dataclass(frozen=True)
class Outcome:
    """What the server did: ``error`` is ``"SQLSTATE: message"`` when a statement failed.

    ``locks`` maps each relation that existed before the statements (by its name as
    ``regclass`` prints it) to the strongest lock the transaction held on it afterwards;
    ``rewritten`` are those relations, by name, whose file changed (a table rewrite, an index
    rebuilt).
    """

    error: str | None
    locks: Mapping[str, str]
    rewritten: frozenset[str]

    @property
    def sqlstate(self) -> str | None:
        return self.error.split(":", 1)[0] if self.error else None


def prepare(cluster: Cluster, database: str, setup_sql: str, *, rows: bool = True) -> None:
    """A fresh ``database`` with ``setup_sql`` run in it and (``rows``) a row in every table."""
    cluster.create_database(database, setup_sql)
    if rows:
        # Every INSERT either adds its row or fails the seeding, so no table is left empty.
        cluster.execute(database, SEED_ROWS)


def _error(stderr: str) -> str | None:
    found = _ERROR.search(stderr)
    if found:
        return f"{found.group(1)}: {found.group(2).strip()}"
    return stderr.strip() or None


def _script(statements: Sequence[str]) -> str:
    return "".join(f"{s.rstrip().rstrip(';')};\n" for s in statements)


def in_transaction(
    cluster: Cluster, database: str, statements: Sequence[str], *, timezone: str = "UTC"
) -> Outcome:
    """Run ``statements`` in one transaction block, read its locks and rewrites, roll back.

    The session's TimeZone is pinned (UTC unless told): whether ``timestamp`` to
    ``timestamptz`` rewrites the table depends on it.
    """
    pin = f"SET LOCAL TimeZone = '{timezone}';\n"
    script = f"BEGIN;\n{pin}{_BEFORE}\n{_script(statements)}{_LOCKS}\n{_AFTER}\nROLLBACK;\n"
    done = cluster.psql(database, "-v", "VERBOSITY=verbose", stdin=script)
    before: dict[str, tuple[str, str]] = {}
    after: dict[str, str] = {}
    held: dict[str, str] = {}
    for line in done.stdout.splitlines():
        kind, _, rest = line.partition("|")
        if kind in ("before", "after"):
            oid, node, name = rest.split("|", 2)
            if kind == "before":
                before[oid] = (node, name)
            else:
                after[name] = node
        elif kind == "lock":
            oid, mode = rest.split("|")
            readable = LOCK_MODES.get(mode, mode)
            if _STRENGTH.get(readable, -1) > _STRENGTH.get(held.get(oid, ""), -1):
                held[oid] = readable
    if done.returncode != 0:
        return Outcome(_error(done.stderr), {}, frozenset())
    locks = {before[oid][1]: mode for oid, mode in held.items() if oid in before}
    # By name: a rebuilt index (ALTER COLUMN TYPE of a key column) is a new relation.
    rewritten = frozenset(
        name for node, name in before.values() if name in after and after[name] != node
    )
    return Outcome(None, locks, rewritten)


def as_one_query(cluster: Cluster, database: str, statements: Sequence[str]) -> str | None:
    """Send ``statements`` as one query string (an implicit transaction); the error, if any.

    What it did is committed when it succeeds.
    """
    done = cluster.psql(database, "-v", "VERBOSITY=verbose", "-c", _script(statements))
    return _error(done.stderr) if done.returncode != 0 else None


def alone(cluster: Cluster, database: str, statement: str) -> str | None:
    """Run one statement in autocommit, as a runner does outside a transaction; the error."""
    done = cluster.psql(database, "-v", "VERBOSITY=verbose", stdin=_script([statement]))
    return _error(done.stderr) if done.returncode != 0 else None


@dataclass(frozen=True)
class WhileWaiting:
    """A statement seen while it waited for a writer: its locks, and whether a write got in."""

    locks: Mapping[str, str]
    writes_blocked: bool
    error: str | None


def while_writer_waits(
    cluster: Cluster, database: str, statement: str, table: str, *, timeout: float = 20.0
) -> WhileWaiting:
    """Run ``statement`` while another session holds a write lock on ``table``.

    A writer takes ``ROW EXCLUSIVE`` on ``table`` (as an INSERT does) and keeps its
    transaction open. The statement starts meanwhile: a plain index build queues for a lock
    that conflicts with the writer's, a concurrent one takes its own lock and then waits for
    the writer to finish, so either way it can be watched. A third session then tries to write
    to ``table`` (``lock_timeout`` 0.5s): ``writes_blocked`` says whether the statement kept
    it out. Then the writer commits and the statement completes (``error`` if it failed).
    """
    writer = _session(cluster, database)
    runner: subprocess.Popen[str] | None = None
    try:
        assert writer.stdin is not None
        writer.stdin.write(
            f"SET application_name = '{_WRITER}';\nBEGIN;\n"
            f"LOCK TABLE {table} IN ROW EXCLUSIVE MODE;\n"
        )
        writer.stdin.flush()
        _wait_for(cluster, database, f"a.application_name = '{_WRITER}' AND l.granted", timeout)
        runner = _session(cluster, database, errors=True)
        assert runner.stdin is not None
        runner.stdin.write(f"SET application_name = '{_STATEMENT}';\n{_script([statement])}")
        runner.stdin.close()
        # Once it waits (for the writer's lock, or for the writer's transaction to end), its
        # granted locks are those it holds through the operation.
        locks = _wait_for(
            cluster,
            database,
            f"a.application_name = '{_STATEMENT}' AND a.wait_event_type = 'Lock'",
            timeout,
        )
        probe = cluster.psql(
            database,
            stdin=f"SET lock_timeout = '500ms';\nBEGIN;\nLOCK TABLE {table} IN ROW EXCLUSIVE "
            "MODE;\nROLLBACK;\n",
        )
        error = _release(writer, runner, timeout)
    finally:
        _end(writer, runner)
    return WhileWaiting(locks, probe.returncode != 0, error)


def _session(cluster: Cluster, database: str, *, errors: bool = False) -> subprocess.Popen[str]:
    """A psql session fed on stdin; ``errors``: its stderr is kept (verbose, with SQLSTATEs)."""
    extra = ("-v", "VERBOSITY=verbose") if errors else ()
    return subprocess.Popen(
        cluster.psql_command(database, *extra),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE if errors else subprocess.DEVNULL,
        text=True,
    )


def _release(
    holder: subprocess.Popen[str], runner: subprocess.Popen[str], timeout: float
) -> str | None:
    """Commit ``holder``'s open transaction and let ``runner`` finish: how it failed, if it did."""
    assert holder.stdin is not None and runner.stderr is not None
    holder.stdin.write("COMMIT;\n")
    holder.stdin.close()
    holder.wait(timeout=timeout)
    stderr = runner.stderr.read()
    runner.wait(timeout=timeout)
    return _error(stderr) if runner.returncode != 0 else None


def _end(*processes: subprocess.Popen[str] | None) -> None:
    """Stop the sessions still running and close their pipes."""
    for process in processes:
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        if process is not None:
            for stream in (process.stdin, process.stderr):
                if stream is not None and not stream.closed:
                    stream.close()


_WRITER = "schemalint-oracle-writer"
_STATEMENT = "schemalint-oracle-statement"


def _wait_for(cluster: Cluster, database: str, condition: str, timeout: float) -> dict[str, str]:
    """Poll ``pg_locks`` until a session matching ``condition`` (on ``pg_locks l`` and
    ``pg_stat_activity a``) holds or awaits a relation lock; its granted locks (strongest per
    relation)."""
    query = (
        "SELECT l.relation::regclass || '|' || l.mode || '|' || l.granted FROM pg_locks l "
        "JOIN pg_stat_activity a ON a.pid = l.pid "
        f"WHERE {condition} AND l.locktype = 'relation' AND l.relation >= 16384;"
    )
    deadline = time.monotonic() + timeout
    while True:
        rows = cluster.execute(database, query).splitlines()
        if rows:
            locks: dict[str, str] = {}
            for line in rows:
                name, mode, granted = line.split("|")
                readable = LOCK_MODES.get(mode, mode)
                if granted in ("t", "true") and _STRENGTH.get(readable, -1) > _STRENGTH.get(
                    locks.get(name, ""), -1
                ):
                    locks[name] = readable
            return locks
        if time.monotonic() > deadline:
            raise ClusterError(f"no session with {condition} took a lock in {timeout}s")
        time.sleep(0.05)


def scans(cluster: Cluster, database: str, statement: str, table: str) -> bool:
    """Whether ``statement``, run in a transaction (then rolled back), reads ``table`` from
    end to end: the sequential scans PostgreSQL counts for the table in this transaction.

    A validation (ADD CHECK, ADD FOREIGN KEY, SET NOT NULL) and a rewrite read every row
    this way; a metadata-only change reads none.
    """
    count = (
        "SELECT 'scans|' || coalesce(sum(seq_scan), 0) FROM pg_stat_xact_user_tables "
        f"WHERE relid = '{table}'::regclass;\n"
    )
    script = f"BEGIN;\n{count}{_script([statement])}{count}ROLLBACK;\n"
    done = cluster.psql(database, "-v", "VERBOSITY=verbose", stdin=script)
    if done.returncode != 0:
        raise AssertionError(_error(done.stderr))
    seen = [
        int(line.split("|")[1]) for line in done.stdout.splitlines() if line.startswith("scans|")
    ]
    return seen[1] > seen[0]


def rewrites_alone(cluster: Cluster, database: str, statement: str, table: str) -> bool:
    """Whether ``statement``, run in autocommit (``VACUUM FULL`` cannot run in a transaction
    block), gives ``table`` a new file: a rewrite. What it did is committed."""
    node = f"SELECT 'node|' || pg_relation_filenode('{table}'::regclass);\n"
    done = cluster.psql(
        database, "-v", "VERBOSITY=verbose", stdin=node + _script([statement]) + node
    )
    if done.returncode != 0:
        raise AssertionError(_error(done.stderr))
    seen = [line for line in done.stdout.splitlines() if line.startswith("node|")]
    return seen[0] != seen[1]


@dataclass(frozen=True)
class BehindReader:
    """Statements run while another session reads a table: ``waited``, the last one queued
    for a lock; ``readers_blocked``, a new reader of the table then queued behind it;
    ``error``, what the statements failed with (``lock_timeout``: ``55P03``)."""

    waited: bool
    readers_blocked: bool
    error: str | None


_READER = "schemalint-oracle-reader"


def behind_a_reader(
    cluster: Cluster,
    database: str,
    statements: Sequence[str],
    table: str,
    *,
    patience: float = 0.0,
    timeout: float = 20.0,
) -> BehindReader:
    """Run ``statements`` in one transaction while a reader of ``table`` keeps its own open.

    The reader's ``SELECT`` holds ACCESS SHARE on ``table`` until it commits (a long report,
    a session idle in transaction). The statements start meanwhile; once one of them queues
    for a lock, a third session tries to read ``table`` (``lock_timeout`` 0.5s):
    ``readers_blocked`` says whether it had to queue too. Then, after ``patience`` seconds
    (time for a ``lock_timeout`` of the statements to expire), the reader commits, and the
    statements finish (``error``: how they failed, e.g. on their own ``lock_timeout``) and
    are rolled back.
    """
    reader = _session(cluster, database)
    runner: subprocess.Popen[str] | None = None
    try:
        assert reader.stdin is not None
        reader.stdin.write(
            f"SET application_name = '{_READER}';\nBEGIN;\nSELECT count(*) FROM {table};\n"
        )
        reader.stdin.flush()
        _wait_for(cluster, database, f"a.application_name = '{_READER}' AND l.granted", timeout)
        runner = _session(cluster, database, errors=True)
        assert runner.stdin is not None
        runner.stdin.write(
            f"SET application_name = '{_STATEMENT}';\nBEGIN;\n{_script(statements)}ROLLBACK;\n"
        )
        runner.stdin.close()
        waited = _queued(cluster, database, runner, timeout)
        blocked = False
        if waited:
            probe = cluster.psql(
                database,
                stdin=f"SET lock_timeout = '500ms';\nSELECT count(*) FROM {table};\n",
            )
            blocked = probe.returncode != 0
        if patience:
            with contextlib.suppress(subprocess.TimeoutExpired):
                runner.wait(timeout=patience)
        error = _release(reader, runner, timeout)
    finally:
        _end(reader, runner)
    return BehindReader(waited, blocked, error)


def _queued(cluster: Cluster, database: str, runner: subprocess.Popen[str], timeout: float) -> bool:
    """Whether ``runner`` comes to wait for a lock (``False``: it ended first)."""
    query = (
        "SELECT count(*) FROM pg_stat_activity "
        f"WHERE application_name = '{_STATEMENT}' AND wait_event_type = 'Lock';"
    )
    deadline = time.monotonic() + timeout
    while runner.poll() is None:
        if cluster.execute(database, query).strip() != "0":
            return True
        if time.monotonic() > deadline:
            raise ClusterError(f"the statements neither waited nor ended in {timeout}s")
        time.sleep(0.05)
    return False
