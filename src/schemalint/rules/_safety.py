"""What the migration-safety rules share: why a statement runs in a transaction, and how a
statement that needs to run outside one can be run under the stream's runner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from schemalint import ir
from schemalint.catalog.model import Catalog, Column, Table
from schemalint.catalog.views import View
from schemalint.rules.base import ChangeContext, OptionsT, RuleOptions

if TYPE_CHECKING:
    from schemalint.tools.transactions import TransactionModel


def why_in_transaction(ctx: ChangeContext[RuleOptions]) -> str:
    """Why the current statement runs inside a transaction block, as a clause."""
    model, run = ctx.model, ctx.run
    if model is None or run is None:
        return "it runs inside a transaction block"
    # Scopes by name: the transaction model module is imported only when a model is asked for.
    scope = (model.opted_out_scope if run.opted_out else model.scope).name
    if scope == "STATEMENT":
        return "the file's own `BEGIN` opens a transaction block around it"
    if scope == "BATCH":
        return f"{model.runner_in_text} runs every pending migration in one transaction"
    if scope == "FILE_IMPLICIT":
        return (
            f"{model.runner_in_text} sends the file as one query string, which PostgreSQL runs as one "
            "implicit transaction when it holds several statements"
        )
    return f"{model.runner_in_text} runs each migration file in a transaction"


def how_to_run_alone(model: TransactionModel | None, statement: str) -> str:
    """How to make the runner run ``statement`` (e.g. ``CREATE INDEX CONCURRENTLY``) outside a
    transaction block, as a sentence; asks the model rather than knowing runners by name."""
    if model is None:
        return f"Run `{statement}` on its own, outside a transaction block."
    # The model judges the statement itself: runners recognise some of these and not others
    # (Flyway misses REINDEX ... CONCURRENTLY; older Supabase CLIs miss DROP INDEX CONCURRENTLY).
    if not model.run("", [statement]).in_transaction(0):
        return (
            f"{model.runner} runs `{statement}` outside a transaction block when it sits alone "
            "in a migration of its own: write it there."
        )
    if model.opt_out and model.opt_out_pattern is not None:
        opted = model.run(model.opt_out, [statement])
        if not opted.in_transaction(0):
            return (
                f"Write `{statement}` alone in a migration of its own that starts with "
                f"`{model.opt_out}`: {model.runner_in_text} then runs it outside a transaction block."
            )
    if model.opt_out:
        return (
            f"Write `{statement}` alone in a migration of its own, with {model.opt_out}: "
            f"{model.runner_in_text} then runs it outside a transaction block."
        )
    if model.scope.name == "BATCH":
        return (
            f"{model.runner} runs every pending migration in one transaction, where it cannot "
            f"run: run `{statement}` out of band (with psql, before the deploy), and keep the "
            "migration's statement idempotent (`IF NOT EXISTS`) so that it finds the work done."
        )
    return (
        f"{model.runner} always runs it inside a transaction: run `{statement}` out of band "
        "(with psql, before the deploy)."
    )


def table_of_index(catalog: Catalog, schema: str | None, name: str) -> Table | None:
    """The table that owns index ``name`` (resolved along the search path when unqualified)."""
    schemas = (schema,) if schema is not None else catalog.search_path
    for candidate in schemas:
        owner = catalog.index_owner.get((candidate, name))
        if owner is not None:
            return catalog.tables.get(owner)
    return None


def proved_not_null(table: Table, column: str) -> bool:
    """Whether a validated CHECK of ``table`` proves ``column`` non-null (``col IS NOT
    NULL``): then PostgreSQL 12 and later skip ``SET NOT NULL``'s scan, and it cannot fail."""
    return any(
        constraint.kind == "check"
        and not constraint.not_valid
        and column in constraint.not_null_columns
        for constraint in table.constraints
    )


def not_null_constraint(table: Table, column: Column) -> str:
    """The name of ``column``'s not-null constraint (PostgreSQL 18 names an unnamed one
    ``<table>_<column>_not_null``)."""
    return column.not_null_name or f"{table.name}_{column.name}_not_null"


def existing_table(ctx: ChangeContext[OptionsT], ref: ir.TableRef) -> Table | None:
    """The table ``ref`` names, if it existed before this file's deploy (so it may hold rows
    and running code uses it)."""
    table = ctx.catalog.table(ref.schema, ref.name)
    return table if table is not None and ctx.existed_before(table) else None


def existing_view(ctx: ChangeContext[OptionsT], ref: ir.TableRef) -> View | None:
    """The view ``ref`` names, if it was last defined before this file's deploy (running code
    may read it). A view (re)defined by this file, or by an earlier file of the same
    one-transaction batch, is new."""
    schemas = (ref.schema,) if ref.schema is not None else ctx.catalog.search_path
    view = next(
        (v for s in schemas if (v := ctx.catalog.views.get((s, ref.name))) is not None), None
    )
    if view is None or view.span.path == ctx.statements[ctx.index].span.path:
        return None
    position = ctx.positions.get(view.span.path)
    return view if position is None or position < ctx.batch_start else None
