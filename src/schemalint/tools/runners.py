"""Each runner's transaction model on PostgreSQL, by runner version.

Sources for every entry are in docs/transaction-models.md; the Supabase CLI and dbmate entries
are confirmed by tests/runners (the real runners against a real PostgreSQL).
"""

from __future__ import annotations

import re

from schemalint.tools.transactions import Matcher, Scope, TransactionModel, Version

# Since 2.109 (supabase/cli#5671) the Supabase CLI runs these alone, outside the file's batch;
# DROP INDEX CONCURRENTLY joined the list later (supabase/cli#6276, first released in 2.116).
_SUPABASE_STANDALONE = (
    r"CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\b",
    r"REINDEX\b[^;]*\bCONCURRENTLY\b",
    r"VACUUM\b",
    r"ALTER\s+SYSTEM\b",
    r"CLUSTER\b",
)
_SUPABASE_DROP_CONCURRENTLY = r"DROP\s+INDEX\s+CONCURRENTLY\b"
SUPABASE_PULLS_OUT: Version = (2, 109)
SUPABASE_DROP_CONCURRENTLY: Version = (2, 116)

# Flyway's PostgreSQLParser marks a script non-transactional when it holds one of these.
_FLYWAY_NON_TRANSACTIONAL = (
    r"(?:CREATE|DROP)\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\b",
    r"REINDEX\s+(?:VERBOSE\s+)?(?:SCHEMA|DATABASE|SYSTEM)\b",
    r"VACUUM\b",
    r"DISCARD\s+ALL\b",
    r"ALTER\s+SYSTEM\b",
    r"(?:CREATE|DROP)\s+(?:DATABASE|TABLESPACE|SUBSCRIPTION)\b",
)


def supabase_cli(version: Version | None) -> TransactionModel:
    """Each file is one pipelined batch (with its history row): an implicit transaction."""
    alternatives: tuple[str, ...] = ()
    if version is None or version >= SUPABASE_PULLS_OUT:
        alternatives = _SUPABASE_STANDALONE
    if version is None or version >= SUPABASE_DROP_CONCURRENTLY:
        alternatives = (*alternatives, _SUPABASE_DROP_CONCURRENTLY)
    return TransactionModel(
        "The Supabase CLI",
        Scope.FILE,
        version,
        pulled_out=Matcher.of(*alternatives) if alternatives else None,
        # `RESET ALL` before each file (pkg/migration/apply.go); one connection throughout.
        settings_carry_between_files=False,
    )


def prisma_migrate(version: Version | None) -> TransactionModel:
    """``migration.sql`` goes to the database as one query string (see the docs' caveat)."""
    return TransactionModel("Prisma Migrate", Scope.FILE_IMPLICIT, version)


def flyway(version: Version | None) -> TransactionModel:
    # ``executeInTransaction=false`` in ``<script>.sql.conf`` (Flyway 6.1+): the script's
    # statements run one by one, whatever they are.
    return TransactionModel(
        "Flyway",
        Scope.FILE,
        version,
        opt_out="executeInTransaction=false (in the script's .conf file)",
        whole_file=Matcher.of(*_FLYWAY_NON_TRANSACTIONAL),
        mixing_refused=(
            "Flyway refuses a script that mixes CREATE INDEX CONCURRENTLY (or another "
            "non-transactional statement) with transactional ones unless mixed=true"
        ),
    )


def golang_migrate(version: Version | None) -> TransactionModel:
    # The postgres driver holds one connection (``instance.Conn``) for the whole run.
    # ``x-multi-statement=true`` splits the file on ``;`` and runs each piece on its own.
    return TransactionModel(
        "golang-migrate",
        Scope.FILE_IMPLICIT,
        version,
        settings_carry_between_files=True,
        multi_statement_scope=Scope.STATEMENT,
    )


def dbmate(version: Version | None) -> TransactionModel:
    return TransactionModel(
        "dbmate",
        Scope.FILE,
        version,
        opt_out="-- migrate:up transaction:false",
        opt_out_pattern=re.compile(r"--[ \t]*migrate:up\b[^\n]*\btransaction:false"),
        # The body still goes to the database as one string.
        opted_out_scope=Scope.FILE_IMPLICIT,
    )


def goose(version: Version | None) -> TransactionModel:
    return TransactionModel(
        "goose",
        Scope.FILE,
        version,
        opt_out="-- +goose NO TRANSACTION",
        opt_out_pattern=re.compile(r"--[ \t]*\+goose[ \t]+NO[ \t]+TRANSACTION\b", re.IGNORECASE),
        opted_out_scope=Scope.STATEMENT,
        # The goose CLI runs a NO TRANSACTION file's statements through a connection pool.
        settings_carry_within_file=False,
    )


def graphile_migrate(version: Version | None) -> TransactionModel:
    return TransactionModel(
        "graphile-migrate",
        Scope.FILE,
        version,
        opt_out="--! no-transaction",
        opt_out_pattern=re.compile(r"^--![ \t]*no-transaction\b", re.MULTILINE),
        # "pg always runs multi-statement queries in a pseudo-transaction".
        opted_out_scope=Scope.FILE_IMPLICIT,
    )


def drizzle_kit(version: Version | None) -> TransactionModel:
    # One transaction, so one session, for every pending migration.
    return TransactionModel("drizzle-kit", Scope.BATCH, version, settings_carry_between_files=True)


def psql(version: Version | None) -> TransactionModel:
    """``psql -f``: each statement on its own, unless the file says BEGIN."""
    return TransactionModel("psql", Scope.STATEMENT, version)
