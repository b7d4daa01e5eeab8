"""What ``schemalint fix`` writes for each finding a new migration clears: its steps.

A step is the SQL that clears one finding, with its undo. Steps that hold together run in one
transaction (one file, after ``SET lock_timeout``); an index built ``CONCURRENTLY`` is a step of
its own, in a file of its own. A finding whose fix needs what only the user knows (the value
for rows without a tenant, a policy's condition when no membership table tells it) gets a
note saying so, and no step.

- SL102 (table in an exposed schema without RLS): ``ENABLE ROW LEVEL SECURITY``, and, when the
  table has no policy, the tenant policy below (RLS on without a policy makes the table
  deny-all: SL103, and clients break). No tenant policy to write: needs your input.
- SL103 (RLS without a policy): the tenant policy, in the shape the platform's policies have:
  a member of the row's tenant may read and write it. The membership table is the one other
  table holding the tenant column and a ``user_id`` referencing ``auth.users``, with those two
  as its primary key or a unique key; the policy compares ``user_id`` with the current user,
  ``(SELECT auth.uid())`` (SL601), and skips soft-deleted memberships. Where SL108's
  ``user-functions`` names another function first (a third-party auth's
  ``requesting_user_id()``, whose users ``auth.users`` does not hold), the policy calls that
  one, and the ``user_id`` need not reference ``auth.users``. Without exactly one such table:
  needs your input. The tenant column gets an index if none leads with it (SL602).
- SL104 (policies, RLS off): ``ENABLE ROW LEVEL SECURITY``.
- SL402 (no soft-delete column): ``ADD COLUMN deleted_at timestamptz`` (the rule's
  ``column``; nullable, no default: no rewrite). If the table has a unique key, the column
  would make it count soft-deleted rows: the plan's lint finds the SL403 and drops the step.
- SL602 (a policy filters on a column no index leads): the index, CONCURRENTLY, alone.
- SL106 (tenant column without a foreign key): ``ADD CONSTRAINT <table>_<column>_fkey FOREIGN
  KEY … REFERENCES <tenant table> (<its key>) NOT VALID`` (no scan under the lock), the index
  SL201 asks for (CONCURRENTLY, alone) unless one leads with the column, and ``VALIDATE
  CONSTRAINT`` in a file after those, its own transaction (SL504). VALIDATE fails while a row
  holds a tenant id the tenant table lacks: those rows are the user's to fix first. Where
  several roots claim the column, or the root's key is not one column: needs your input.
  Where the runner cannot build the index CONCURRENTLY, the key would be an unindexed
  foreign key (SL201): the plan's lint drops it. drizzle-kit, one transaction for every
  pending migration, gets the VALIDATE from the next ``fix``, which finds the key NOT VALID
  in the history (``pending_validations``). graphile-migrate (current.sql runs again): needs
  your input.
- SL105 (nullable tenant column): always needs your input. ``SET NOT NULL`` fails while rows
  lack a tenant, and which tenant they belong to is the user's call; the history cannot show
  that the table is empty.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from schemalint.catalog.model import Catalog, Column, Table
from schemalint.findings import Finding
from schemalint.frozen import frozen, replace
from schemalint.rules._index_fix import index_name
from schemalint.rules._naming import find_column, fold, quote_identifier, sql_table_name
from schemalint.rules._tenancy import tenant_columns
from schemalint.rules.base import RuleOptions, Settings
from schemalint.rules.sl201_unindexed_foreign_key import is_covered, uncovered_key_columns
from schemalint.source import Span

# The codes whose findings a schema step clears, and SL105, which only gets a note.
SCHEMA_CODES = frozenset({"SL102", "SL103", "SL104", "SL106", "SL402", "SL602"})
NOTED_CODES = frozenset({"SL105"})


@frozen
class Step:
    """SQL that clears the findings ``keys`` ((code, span) each), and its undo.

    ``alone``: an index built CONCURRENTLY, which needs a file of its own outside a transaction.
    ``after``: runs in a file after those (attaching the partitions' indexes to their parent's).
    ``name``: what the file is named after when it holds this step alone.
    """

    keys: tuple[tuple[str, Span], ...]
    comment: str
    statements: tuple[str, ...]
    down: tuple[str, ...]
    name: str
    alone: bool = False
    after: bool = False
    # The same, safe to run again (graphile-migrate re-runs current.sql on every save).
    rerunnable: tuple[str, ...] = ()
    # An index this step builds: (table key, column), so another fix does not build it twice.
    indexes: tuple[tuple[str, str], str] | None = None
    # The constraint this step validates (``VALIDATE CONSTRAINT``): (table key, name). It
    # scans the table under the lock of its ``ADD … NOT VALID``, if both run in one
    # transaction: a runner that batches every pending migration gets it in a later deploy.
    validates: tuple[tuple[str, str], str] | None = None
    # Validates a NOT VALID key of the history (not one this plan adds).
    pending: bool = False

    @property
    def again(self) -> tuple[str, ...]:
        return self.rerunnable or self.statements


@frozen
class Conventions:
    """What the fixable rules ask for, as the project's config sets them: a rule's own option
    where it has one (SL102's ``exposed-schemas``, SL402's ``column``), else the project's
    (``exposed-schemas``, ``soft-delete-column``, ``tenant-columns``, ``tenant-roots``); and
    the function that returns the current user, the first of SL108's ``user-functions``
    (what a generated policy compares a membership's ``user_id`` with)."""

    settings: Settings
    exposed_schemas: tuple[str, ...]
    soft_delete_column: str
    user_function: str = "auth.uid"

    @classmethod
    def of(cls, settings: Settings, options: Mapping[str, RuleOptions]) -> Conventions:
        """``options``: the selected rules' options by code (a rule not selected: none)."""
        from schemalint.rules._policies import exposed_schemas
        from schemalint.rules.sl102_table_without_rls import TableWithoutRlsOptions
        from schemalint.rules.sl108_policy_not_tenant_scoped import PolicyNotTenantScopedOptions
        from schemalint.rules.sl402_missing_soft_delete_column import (
            MissingSoftDeleteColumnOptions,
        )

        sl102, sl108, sl402 = options.get("SL102"), options.get("SL108"), options.get("SL402")
        exposed = sl102.exposed_schemas if isinstance(sl102, TableWithoutRlsOptions) else None
        column = sl402.column if isinstance(sl402, MissingSoftDeleteColumnOptions) else None
        users = sl108.user_functions if isinstance(sl108, PolicyNotTenantScopedOptions) else ()
        return cls(
            settings,
            exposed_schemas(settings, exposed),
            column or settings.soft_delete_column,
            *users[:1],
        )

    @property
    def supabase_users(self) -> bool:
        """Whether the current user is Supabase Auth's (one of ``auth.users``)."""
        schema, dot, _ = self.user_function.rpartition(".")
        return bool(dot) and schema == "auth"

    def current_user(self) -> str:
        """The call that returns the current user, once per statement (SL601)."""
        parts = self.user_function.split(".")
        return f"(SELECT {'.'.join(quote_identifier(part) for part in parts)}())"


@frozen
class _Member:
    table: Table
    tenant: str
    user: str
    deleted: str | None


def _membership(
    catalog: Catalog, table: Table, tenant: Column, soft: str, supabase_users: bool
) -> _Member | None:
    """The one table that says which users belong to which tenant (see the module's text);
    ``supabase_users``: its ``user_id`` references ``auth.users``."""
    found = []
    for other in catalog.tables.values():
        if other.key == table.key:
            continue
        other_tenant = find_column(other, (tenant.name,))
        user = other.column("user_id")
        if other_tenant is None or user is None:
            continue
        pair = {other_tenant.name, user.name}
        keyed = any(
            c.kind in ("primary_key", "unique") and set(c.columns) == pair
            for c in other.constraints
        ) or any(
            i.unique and not i.partial and set(i.columns) == pair and len(i.columns) == 2
            for i in other.indexes
        )
        to_users = not supabase_users or any(
            fk.columns == (user.name,) and fk.ref_schema == "auth" and fk.ref_table == "users"
            for fk in other.foreign_keys
        )
        if keyed and to_users:
            deleted = find_column(other, (soft,))
            found.append(
                _Member(other, other_tenant.name, user.name, deleted.name if deleted else None)
            )
    return found[0] if len(found) == 1 else None


def _free(taken: Iterable[str], name: str) -> str:
    taken = set(taken)
    number, candidate = 1, name
    while candidate in taken:
        number += 1
        candidate = f"{name} ({number})"
    return candidate


def _qualified(table: Table, name: str) -> str:
    quoted = quote_identifier(name)
    if table.schema == "public":
        return quoted
    return f"{quote_identifier(table.schema)}.{quoted}"


Keys = tuple[tuple[str, Span], ...]


def _enable_rls(table: Table, keys: Keys) -> Step:
    target = sql_table_name(table)
    return Step(
        keys,
        f"enable row level security on `{table.name}`",
        (f"ALTER TABLE {target} ENABLE ROW LEVEL SECURITY;",),
        (f"ALTER TABLE {target} DISABLE ROW LEVEL SECURITY;",),
        f"rls_{table.name}",
    )


def _tenant_policy(
    catalog: Catalog,
    table: Table,
    conventions: Conventions,
    taken: dict[str, set[str]],
    keys: Keys,
) -> list[Step] | str:
    """The tenant policy of ``table`` (and the index its filter needs), or why it cannot be
    written."""
    tenants = tenant_columns(table, conventions.settings.tenant_columns)
    if not tenants:
        return f"`{table.name}` has no tenant column to scope a policy by"
    tenant = tenants[0]
    supabase_users = conventions.supabase_users
    member = _membership(catalog, table, tenant, conventions.soft_delete_column, supabase_users)
    if member is None:
        user = "a `user_id` referencing `auth.users`" if supabase_users else "a `user_id`"
        return (
            f"no single membership table (`{tenant.name}` and {user} as its key) tells who "
            "belongs to a tenant"
        )
    own = quote_identifier(table.name)
    column = quote_identifier(tenant.name)
    condition = (
        f"EXISTS (SELECT 1 FROM {sql_table_name(member.table)} m WHERE "
        f"m.{quote_identifier(member.tenant)} = {own}.{column} AND "
        f"m.{quote_identifier(member.user)} = {conventions.current_user()}"
        + (f" AND m.{quote_identifier(member.deleted)} IS NULL" if member.deleted else "")
        + ")"
    )
    stem = fold(tenant.name).removesuffix("id") or "tenant"
    policy = _free((p.name for p in table.policies), f"Members of the row's {stem}")
    target = sql_table_name(table)
    quoted = quote_identifier(policy)
    steps = [
        Step(
            keys,
            f"let the members of its {stem} (`{sql_table_name(member.table)}`) reach the rows "
            f"of `{table.name}`",
            (
                f"CREATE POLICY {quoted} ON {target}\n"
                "  FOR ALL TO authenticated\n"
                f"  USING ({condition})\n"
                f"  WITH CHECK ({condition});",
            ),
            (f"DROP POLICY IF EXISTS {quoted} ON {target};",),
            f"policy_{table.name}",
        )
    ]
    steps[0] = replace(
        steps[0], rerunnable=(f"DROP POLICY IF EXISTS {quoted} ON {target};", *steps[0].statements)
    )
    # An index SL201 asks for (its fix builds it) serves the policy too.
    if tenant.name not in uncovered_key_columns(table) and not is_covered(table, (tenant.name,)):
        why = f"index `{table.name}` on `{tenant.name}`, which its policy filters on"
        steps.append(_column_index(table, tenant.name, taken, keys, why))
    return steps


def _policy_columns(table: Table) -> dict[Span, list[str]]:
    """The columns SL602 may report on ``table``, by the span it reports them at (several
    share one when the statement that made them unindexed is the same)."""
    from schemalint.rules.sl602_policy_column_unindexed import finding_span, policy_columns

    found: dict[Span, list[str]] = {}
    for policy, column in policy_columns(table):
        span = finding_span(table, policy, column.span, column.text)
        found.setdefault(span, []).append(column.text)
    return found


def _column_index(
    table: Table, column: str, taken: dict[str, set[str]], keys: Keys, why: str
) -> Step:
    name = index_name(table, (column,), taken.setdefault(table.schema, set()))
    return Step(
        keys,
        why,
        (
            f"CREATE INDEX CONCURRENTLY {quote_identifier(name)} ON {sql_table_name(table)} "
            f"({quote_identifier(column)});",
        ),
        (f"DROP INDEX IF EXISTS {_qualified(table, name)};",),
        f"index_{name}",
        alone=True,
        indexes=(table.key, column),
    )


def _constraint_name(table: Table, column: str, taken: dict[str, set[str]]) -> str:
    """PostgreSQL's own name for a foreign key (``table_column_fkey``, cut to 63 bytes),
    numbered past the names the schema holds (as an index's name is)."""
    names = taken.setdefault(table.schema, set()) | {c.name for c in table.constraints}
    base = f"{table.name}_{column}_fkey"
    number = 0
    while True:
        suffix = str(number) if number else ""
        name = base[: 63 - len(suffix)] + suffix
        if name not in names:
            taken[table.schema].add(name)
            return name
        number += 1


def _tenant_key(
    table: Table,
    column: Column,
    targets: Sequence[Table],
    taken: dict[str, set[str]],
    key: Span,
    indexed: set[tuple[tuple[str, str], str]],
) -> list[Step] | str:
    """SL106: the foreign key NOT VALID, its index, then its validation (a file after)."""
    where = f"`{table.name}`.`{column.name}`"
    if len(targets) != 1:
        named = ", ".join(f"`{sql_table_name(t)}`" for t in targets)
        return (
            f"which table {where} references is not clear"
            + (f" ({named} are all tenant tables)" if named else " (no tenant table is known)")
            + ": add its foreign key yourself"
        )
    root = targets[0]
    pk = root.primary_key
    if pk is None or len(pk.columns) != 1:
        return (
            f"the tenant table `{sql_table_name(root)}` has no one-column primary key for "
            f"{where} to reference: add its foreign key yourself"
        )
    keys: Keys = (("SL106", key),)
    name = quote_identifier(_constraint_name(table, column.name, taken))
    target = sql_table_name(table)
    referenced = f"{sql_table_name(root)} ({quote_identifier(pk.columns[0])})"
    steps = [
        Step(
            keys,
            f"reference `{root.name}` from `{table.name}`.`{column.name}` (NOT VALID: existing "
            "rows are checked by the VALIDATE after)",
            (
                f"ALTER TABLE {target} ADD CONSTRAINT {name} FOREIGN KEY "
                f"({quote_identifier(column.name)}) REFERENCES {referenced} NOT VALID;",
            ),
            (f"ALTER TABLE {target} DROP CONSTRAINT IF EXISTS {name};",),
            f"fkey_{table.name}_{column.name}",
        )
    ]
    if not is_covered(table, (column.name,)) and (table.key, column.name) not in indexed:
        why = f"index the foreign key ({column.name}) of `{table.name}`"
        steps.append(_column_index(table, column.name, taken, keys, why))
    steps.append(_validate(table, column.name, root, name, keys))
    return steps


def _validate(table: Table, column: str, root: Table, name: str, keys: Keys) -> Step:
    """``VALIDATE CONSTRAINT`` of the tenant key ``name`` (quoted), in a file after its ADD."""
    return Step(
        keys,
        f"validate the foreign key of `{table.name}`.`{column}` (fails while a row's "
        f"`{column}` is missing from `{root.name}`: fix or delete those rows first)",
        (f"ALTER TABLE {sql_table_name(table)} VALIDATE CONSTRAINT {name};",),
        (),
        f"validate_{table.name}_{column}",
        after=True,
        validates=(table.key, name),
    )


def pending_validations(catalog: Catalog, settings: Settings) -> list[Step]:
    """The tenant keys the history adds ``NOT VALID`` and never validates (SL106's fix under
    a runner that batches every pending migration leaves its VALIDATE to a later deploy):
    their ``VALIDATE CONSTRAINT``, each keyed by the constraint's definition."""
    from schemalint.rules._tenancy import references_any, tenant_roots

    not_valid = [
        (table, fks)
        for table in catalog.tables.values()
        if (fks := [fk for fk in table.foreign_keys if fk.not_valid])
    ]
    if not not_valid:
        return []
    roots = tenant_roots(catalog, settings.tenant_columns, settings.tenant_roots)
    steps = []
    for table, fks in not_valid:
        for column in tenant_columns(table, settings.tenant_columns):
            for fk in fks:
                targets = roots.for_column(column.name)
                if fk.columns != (column.name,):
                    continue
                if not references_any(fk, targets) or fk.ref_table is None:
                    continue
                root = catalog.table(fk.ref_schema, fk.ref_table)
                if root is None:
                    continue
                keys: Keys = (("SL106", fk.span),)
                step = _validate(table, column.name, root, quote_identifier(fk.name), keys)
                steps.append(replace(step, pending=True))
    return steps


def _soft_delete(table: Table, column: str, keys: Keys) -> Step:
    target = sql_table_name(table)
    quoted = quote_identifier(column)
    return Step(
        keys,
        f"give `{table.name}` its soft-delete column",
        (f"ALTER TABLE {target} ADD COLUMN {quoted} timestamptz;",),
        (f"ALTER TABLE {target} DROP COLUMN IF EXISTS {quoted};",),
        f"soft_delete_{table.name}",
        rerunnable=(f"ALTER TABLE {target} ADD COLUMN IF NOT EXISTS {quoted} timestamptz;",),
    )


def _subjects(
    catalog: Catalog, conventions: Conventions, codes: Collection[str]
) -> dict[tuple[str, Span], Table]:
    """Each table by the (code, span) of the findings of ``codes`` (of SCHEMA_CODES) that
    its rules report."""
    from schemalint.rules import (
        sl102_table_without_rls,
        sl103_rls_without_policy,
        sl104_policy_without_rls,
        sl402_missing_soft_delete_column,
    )

    found: dict[tuple[str, Span], Table] = {}
    soft = conventions.soft_delete_column
    tenant_names = conventions.settings.tenant_columns
    # Only the codes there are findings of: a large schema's tables are many.
    sl102, sl103, sl104, sl402, sl602 = (
        code in codes for code in ("SL102", "SL103", "SL104", "SL402", "SL602")
    )
    for table in catalog.tables.values():
        if sl102 and table.schema in conventions.exposed_schemas and not table.rls_enabled:
            found["SL102", sl102_table_without_rls.finding_span(table)] = table
        if sl103 and table.rls_enabled and not table.policies:
            found["SL103", sl103_rls_without_policy.finding_span(table)] = table
        if sl104 and table.policies and not table.rls_enabled:
            found["SL104", sl104_policy_without_rls.finding_span(table)] = table
        tenant = find_column(table, tenant_names) if sl402 else None
        if tenant is not None and find_column(table, (soft,)) is None:
            span = sl402_missing_soft_delete_column.finding_span(table, soft, tenant)
            found["SL402", span] = table
        if sl602 and table.rls_enabled:
            for span in _policy_columns(table):
                found["SL602", span] = table
    return found


def schema_steps(
    catalog: Catalog,
    findings: Sequence[Finding],
    conventions: Conventions,
    taken: dict[str, set[str]],
) -> tuple[list[Step], list[tuple[str, str]]]:
    """The steps that clear ``findings`` (those of ``SCHEMA_CODES``), and the notes of those
    that need the user's input ((code, why) each, SL105's among them)."""
    from schemalint.rules.sl106_tenant_column_without_foreign_key import unkeyed

    settings = conventions.settings
    present = {finding.code for finding in findings}
    subjects = _subjects(catalog, conventions, present)
    unkeyed_columns = {
        span: (table, column, targets)
        for table, column, targets, span in (
            unkeyed(catalog, settings.tenant_columns, settings.tenant_roots)
            if "SL106" in present
            else ()
        )
    }
    tenant_keys: list[tuple[Span, tuple[Table, Column, list[Table]]]] = []
    by_table: dict[tuple[str, str], dict[str, Span]] = {}
    # A table may have several SL602 findings (one per column); the others one each.
    columns: dict[tuple[str, str], list[Span]] = {}
    tables: dict[tuple[str, str], Table] = {}
    notes: list[tuple[str, str]] = []
    for finding in findings:
        if finding.code in NOTED_CODES:
            notes.append((finding.code, _backfill(finding)))
            continue
        if finding.code == "SL106":
            found = unkeyed_columns.get(finding.span)
            if found is not None:
                tenant_keys.append((finding.span, found))
            continue
        table = subjects.get((finding.code, finding.span))
        if table is not None:
            tables[table.key] = table
            by_table.setdefault(table.key, {})[finding.code] = finding.span
            if finding.code == "SL602":
                columns.setdefault(table.key, []).append(finding.span)
    steps: list[Step] = []
    for key, codes in by_table.items():
        table = tables[key]
        if "SL402" in codes:
            keys: Keys = (("SL402", codes["SL402"]),)
            steps.append(_soft_delete(table, conventions.soft_delete_column, keys))
        reported = _policy_columns(table) if key in columns else {}
        for span in dict.fromkeys(columns.get(key, ())):
            for column in reported.get(span, ()):
                if is_covered(table, (column,)):
                    continue  # not reported: SL602 reports the unindexed ones
                why = f"index `{table.name}` on `{column}`, which a policy filters on"
                steps.append(_column_index(table, column, taken, (("SL602", span),), why))
        rls: Keys = tuple((c, codes[c]) for c in ("SL102", "SL104") if c in codes)
        if "SL104" in codes:
            steps.append(_enable_rls(table, rls))
        elif "SL102" in codes or "SL103" in codes:
            code = "SL102" if "SL102" in codes else "SL103"
            planned = _tenant_policy(catalog, table, conventions, taken, ((code, codes[code]),))
            if isinstance(planned, str):
                notes.append((code, planned))
                continue
            if code == "SL102":
                steps.append(_enable_rls(table, rls))
            steps.extend(planned)
    # The foreign keys last: a policy's index on the tenant column serves the key too.
    indexed = {step.indexes for step in steps if step.indexes is not None}
    for span, (table, tenant, targets) in tenant_keys:
        planned_key = _tenant_key(table, tenant, targets, taken, span, indexed)
        if isinstance(planned_key, str):
            notes.append(("SL106", planned_key))
        else:
            steps.extend(planned_key)
    return steps, notes


def _backfill(finding: Finding) -> str:
    return (
        f"{finding.message}: give its rows without a tenant their tenant, then set it NOT NULL "
        "(which tenant they belong to is yours to say)"
    )
