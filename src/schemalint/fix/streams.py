"""A SQL history's new migration files: the steps that clear its findings (SL201's indexes here,
the others in ``fix.steps``), grouped into files in the stream's layout and naming."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from schemalint.catalog.model import Catalog, Constraint, Table
from schemalint.findings import Finding
from schemalint.fix.graphile import current_sql
from schemalint.fix.model import Key, NewFile
from schemalint.fix.naming import NAMING
from schemalint.fix.render import (
    LOCK_TIMEOUT,
    codes_of,
    display_path,
    file_body,
    file_slug,
    out_of_band,
    runs_alone,
)
from schemalint.fix.steps import Conventions, Step, schema_steps
from schemalint.inputs.discovery import Stream
from schemalint.rules._index_fix import index_name, relation_names
from schemalint.rules._naming import quote_identifier, sql_table_name, table_label
from schemalint.source import Span
from schemalint.tools.dialects import POSTGRES, behaviour_of


def _index_steps(
    catalog: Catalog, findings: Sequence[Finding], taken: dict[str, set[str]]
) -> tuple[list[Step], list[str]]:
    """SL201: the index each foreign key needs, CONCURRENTLY (alone) on PostgreSQL; and why
    some cannot be written."""
    from schemalint.rules.sl201_unindexed_foreign_key import finding_span

    if not any(finding.code == "SL201" for finding in findings):
        return [], []  # no key of the schema is looked at
    # A partition's copy of its parent's key has the parent's span: the parent's comes first.
    by_span: dict[Span, tuple[Table, Constraint]] = {}
    for table in sorted(catalog.tables.values(), key=lambda t: t.partition):
        for fk in table.foreign_keys:
            by_span.setdefault(finding_span(table, fk), (table, fk))
    concurrent = behaviour_of(catalog.dialect).concurrent_index
    steps: list[Step] = []
    notes: list[str] = []
    for finding in findings:
        found = by_span.get(finding.span) if finding.code == "SL201" else None
        if found is None:
            continue
        table, fk = found
        key = (("SL201", finding.span),)
        label = f"index the foreign key ({', '.join(fk.columns)}) of `{table_label(table)}`"
        if concurrent and table.partitioned:
            partitioned = _partitioned_index(catalog, table, fk.columns, taken, key, label)
            if isinstance(partitioned, str):
                notes.append(partitioned)
            else:
                steps.extend(partitioned)
            continue
        name = index_name(table, fk.columns, taken.setdefault(table.schema, set()))
        columns = ", ".join(quote_identifier(c, catalog.dialect) for c in fk.columns)
        target = sql_table_name(table, catalog.dialect)
        how = "CREATE INDEX CONCURRENTLY" if concurrent else "CREATE INDEX"
        quoted = quote_identifier(name, catalog.dialect)
        steps.append(
            Step(
                key,
                label,
                (f"{how} {quoted} ON {target} ({columns});",),
                (f"DROP INDEX IF EXISTS {_qualified(table, name, catalog.dialect)};",),
                f"index_{name}",
                alone=concurrent,
            )
        )
    return steps, notes


def _partitioned_index(
    catalog: Catalog,
    table: Table,
    columns: tuple[str, ...],
    taken: dict[str, set[str]],
    key: tuple[tuple[str, Span], ...],
    label: str,
) -> list[Step] | str:
    """PostgreSQL refuses CREATE INDEX CONCURRENTLY on a partitioned table. Without blocking
    writes: the parent's index ``ON ONLY`` (no build, invalid until every partition has its
    own), each partition's CONCURRENTLY in a file of its own, then ``ATTACH PARTITION`` each
    (which makes the parent's valid). Sub-partitioned tables and histories where partitions
    may be unseen are left to the user."""
    partitions = [
        t for t in catalog.tables.values() if t.partition and t.parents[:1] == (table.key,)
    ]
    if catalog.unseen_tables or any(t.partitioned for t in partitions):
        return (
            f"SL201 on `{table_label(table)}` not fixed, needs your input: it has partitions "
            "this history does not show (or partitions of their own): build each partition's "
            "index CONCURRENTLY, then `CREATE INDEX … ON ONLY` the parent and `ALTER INDEX … "
            "ATTACH PARTITION` each"
        )
    quoted_columns = ", ".join(quote_identifier(c) for c in columns)
    parent = index_name(table, columns, taken.setdefault(table.schema, set()))
    steps = [
        Step(
            key,
            f"{label}: the parent's index, ON ONLY (valid once every partition's is attached)",
            (
                f"CREATE INDEX {quote_identifier(parent)} ON ONLY {sql_table_name(table)} "
                f"({quoted_columns});",
            ),
            (f"DROP INDEX IF EXISTS {_qualified(table, parent, 'postgres')};",),
            f"index_{parent}",
        )
    ]
    attach = []
    for partition in partitions:
        name = index_name(partition, columns, taken.setdefault(partition.schema, set()))
        steps.append(
            Step(
                key,
                f"{label}: the index of its partition `{table_label(partition)}`",
                (
                    f"CREATE INDEX CONCURRENTLY {quote_identifier(name)} ON "
                    f"{sql_table_name(partition)} ({quoted_columns});",
                ),
                (f"DROP INDEX IF EXISTS {_qualified(partition, name, 'postgres')};",),
                f"index_{name}",
                alone=True,
            )
        )
        attach.append(
            f"ALTER INDEX {_qualified(table, parent, 'postgres')} ATTACH PARTITION "
            f"{_qualified(partition, name, 'postgres')};"
        )
    if attach:
        steps.append(
            Step(
                key,
                f"{label}: attach the partitions' indexes to the parent's",
                tuple(attach),
                (),
                f"attach_{parent}",
                after=True,
            )
        )
    return steps


def stream_plan(
    stream: Stream,
    catalog: Catalog,
    findings: Sequence[Finding],
    conventions: Conventions,
    pending: Sequence[Step] = (),
    advice: dict[Key, list[str]] | None = None,
) -> tuple[list[NewFile], list[str]]:
    """The new files that clear ``findings`` and validate the ``pending`` keys, and notes.
    ``advice`` gets, by finding, how to build the indexes left out of band (kept when the
    plan's lint drops the finding's other steps)."""
    model = conventions.settings.transaction_model()
    taken = relation_names(catalog)
    steps, index_notes = _index_steps(catalog, findings, taken)
    where = display_path(stream, PurePosixPath())
    notes = [f"{where}: {note}" for note in index_notes]
    if catalog.dialect == POSTGRES.name:
        schema, needs = schema_steps(catalog, findings, conventions, taken)
        steps.extend(schema)
        steps.extend(pending)
        notes.extend(f"{where}: {code} not fixed, needs your input: {why}" for code, why in needs)
    if not steps:
        return [], notes
    if stream.tool.name == "graphile":
        # current.sql runs again on every save: ADD CONSTRAINT would fail once it exists.
        keyed = [step for step in steps if any(code == "SL106" for code, _ in step.keys)]
        if keyed:
            steps = [step for step in steps if step not in keyed]
            notes.append(
                f"{where}: SL106 not fixed, needs your input: graphile-migrate runs current.sql "
                "again on every save, where `ADD CONSTRAINT` fails once the constraint exists: "
                "add the foreign key NOT VALID in a migration yourself, then VALIDATE it in "
                "one after"
            )
            if not steps:
                return [], notes
        return current_sql(stream, catalog, steps, model, notes)
    naming = NAMING.get(stream.tool.name)
    if naming is None:
        for step in steps:
            if step.alone and not runs_alone(stream, model, "", step.statements[0]):
                notes.append(out_of_band(stream, model, step))
            else:
                statements = " ".join(f"`{s}`" for s in step.statements)
                notes.append(
                    f"{display_path(stream, PurePosixPath())}: {codes_of(step)} not fixed, nothing "
                    f"written: fix does not write {stream.tool.label} migrations yet: add "
                    f"{statements} in a migration of its own"
                )
        return [], notes
    # The steps that need a transaction share one file, after a lock_timeout; CONCURRENTLY
    # cannot run in a transaction block: one index per file, each checked against the
    # runner's model (where it cannot run, nothing is written: how to build it out of band).
    together = [step for step in steps if not step.alone and not step.after]
    skipped: set[tuple[str, Span]] = set()  # findings whose index is built out of band
    groups: list[list[Step]] = [together] if together else []
    for step in steps:
        if step.alone:
            _, text = naming.render("0", file_slug([step]), file_body(naming, [step], ""), "", True)
            if runs_alone(stream, model, text, step.statements[0]):
                groups.append([step])
            else:
                notes.append(out_of_band(stream, model, step))
                skipped.update(step.keys)
                if advice is not None:
                    for key in step.keys:
                        advice.setdefault(key, []).append(notes[-1])
    # A VALIDATE (SL106) does not need its index: it runs in a transaction of its own, unless
    # the runner runs every pending migration in one (SL504): then it is for a later deploy,
    # where the next ``fix`` finds the key NOT VALID in the history and writes it.
    batched = model.runner if model is not None and model.scope.name == "BATCH" else ""
    after: list[Step] = []
    for step in steps:
        if not step.after:
            continue
        if step.validates is not None:
            if batched and not step.pending:
                notes.append(
                    f"{where}: {codes_of(step)}: VALIDATE not written: {batched} runs every "
                    "pending migration in one transaction, where VALIDATE would scan under the "
                    "lock of the NOT VALID key: once this deploy is done, run `schemalint fix` "
                    f"again: it writes `{step.statements[0]}` in a migration of its own"
                )
                continue
        elif skipped & set(step.keys):
            continue
        after.append(step)
    groups.extend([after] if after else [])
    if not groups:
        return [], notes
    named = naming.next_names(stream, len(groups))
    if named is None:
        return [], [
            *notes,
            f"{display_path(stream, PurePosixPath())}: {codes_of(*steps)} not fixed, nothing "
            "written: no migration carries a version for a new one to follow",
        ]
    files: list[NewFile] = []
    names, folder = named
    for group, version in zip(groups, names, strict=True):
        alone = group[0].alone
        timeout = "" if alone or catalog.dialect != POSTGRES.name else LOCK_TIMEOUT
        down = "".join(f"{statement}\n" for step in reversed(group) for statement in step.down)
        relative, text = naming.render(
            version, file_slug(group), file_body(naming, group, timeout), down, alone
        )
        path = stream.root / relative
        display = f"{folder}/{relative}" if folder else str(relative)
        files.append(NewFile(path, display, text, tuple(group)))
    return files, notes


def _qualified(table: Table, name: str, dialect: str) -> str:
    quoted = quote_identifier(name, dialect)
    if table.schema in ("public", "main"):
        return quoted
    return f"{quote_identifier(table.schema, dialect)}.{quoted}"
