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

import re
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pgcluster import Cluster

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
_BEFORE = f"SELECT 'before|' || c.oid || '|' || c.relfilenode {_USER_RELATIONS};"
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
    ``rewritten`` are those relations whose file changed (a table or index rewrite).
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


def in_transaction(cluster: Cluster, database: str, statements: Sequence[str]) -> Outcome:
    """Run ``statements`` in one transaction block, read its locks and rewrites, roll back."""
    script = f"BEGIN;\n{_BEFORE}\n{_script(statements)}{_LOCKS}\n{_AFTER}\nROLLBACK;\n"
    done = cluster.psql(database, "-v", "VERBOSITY=verbose", stdin=script)
    before: dict[str, str] = {}
    after: dict[str, tuple[str, str]] = {}
    held: dict[str, str] = {}
    for line in done.stdout.splitlines():
        kind, _, rest = line.partition("|")
        if kind == "before":
            oid, node = rest.split("|")
            before[oid] = node
        elif kind == "after":
            oid, node, name = rest.split("|", 2)
            after[oid] = (node, name)
        elif kind == "lock":
            oid, mode = rest.split("|")
            readable = LOCK_MODES.get(mode, mode)
            if _STRENGTH.get(readable, -1) > _STRENGTH.get(held.get(oid, ""), -1):
                held[oid] = readable
    if done.returncode != 0:
        return Outcome(_error(done.stderr), {}, frozenset())
    locks = {after[oid][1]: mode for oid, mode in held.items() if oid in before and oid in after}
    rewritten = frozenset(
        name for oid, (node, name) in after.items() if oid in before and before[oid] != node
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
    cluster: Cluster, database: str, statement: str, table: str, *, hold: float = 3.0
) -> WhileWaiting:
    """Run ``statement`` while another session holds a write lock on ``table``.

    A writer (``ROW EXCLUSIVE`` on ``table``, as an INSERT takes) keeps its transaction open
    for ``hold`` seconds. The statement starts meanwhile; both a plain index build and a
    concurrent one must wait for that writer, so it can be watched in ``pg_locks``. Then a
    third session tries to write to ``table`` (``lock_timeout`` 1s): ``writes_blocked`` says
    whether the statement's lock kept it out.
    """
    tag = "schemalint-oracle-statement"
    writer = subprocess.Popen(
        cluster.psql_command(database),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert writer.stdin is not None
    writer.stdin.write(
        f"BEGIN;\nLOCK TABLE {table} IN ROW EXCLUSIVE MODE;\nSELECT pg_sleep({hold});\nCOMMIT;\n"
    )
    writer.stdin.close()
    time.sleep(0.3)
    runner = subprocess.Popen(
        cluster.psql_command(database, "-v", "VERBOSITY=verbose"),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert runner.stdin is not None
    runner.stdin.write(f"SET application_name = '{tag}';\n{_script([statement])}")
    runner.stdin.close()
    locks: dict[str, str] = {}
    deadline = time.monotonic() + min(1.0, hold / 3)
    while time.monotonic() < deadline and not locks:
        time.sleep(0.1)
        rows = cluster.execute(
            database,
            "SELECT l.relation::regclass || '|' || l.mode FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid "
            f"WHERE a.application_name = '{tag}' AND l.locktype = 'relation' AND l.granted "
            "AND l.relation IS NOT NULL AND l.relation >= 16384;",
        )
        for line in rows.splitlines():
            name, _, mode = line.partition("|")
            readable = LOCK_MODES.get(mode, mode)
            if _STRENGTH.get(readable, -1) > _STRENGTH.get(locks.get(name, ""), -1):
                locks[name] = readable
    probe = cluster.psql(
        database,
        stdin=f"SET lock_timeout = '1s';\nBEGIN;\nLOCK TABLE {table} IN ROW EXCLUSIVE MODE;\n"
        "ROLLBACK;\n",
    )
    writer.wait(timeout=60)
    assert runner.stderr is not None
    stderr = runner.stderr.read()
    runner.stderr.close()
    runner.wait(timeout=60)
    error = _error(stderr) if runner.returncode != 0 else None
    return WhileWaiting(locks, probe.returncode != 0, error)
