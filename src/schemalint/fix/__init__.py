"""``schemalint fix``: clear findings with NEW migrations, never by editing the history.

For each SQL history, the findings ``check`` reports that a new migration clears (SL201 here;
SL102, SL103, SL104, SL106 and SL402 in ``fix_steps``) become statements in new migration files, in
the stream's own layout and naming (the next timestamp or version after the latest
migration), on the tables' *current* names, with index names that no relation of the schema
holds. The statements that need a transaction share one file, after ``SET lock_timeout``; on
PostgreSQL each index is built ``CONCURRENTLY`` in a file of its own, with the runner's
no-transaction directive where it needs one; the runner's transaction model decides whether
the file runs outside a transaction block, and where it cannot, the fix says how to run the
index out of band and writes nothing. What needs the user's input is noted, written nowhere.
The fixes follow the rules' options as the config sets them (``steps.Conventions``).

Before anything is written, each stream's planned files are linted with its history in
memory (``_PlanCheck``): a step that would cause a finding, or would not clear its own, is
dropped and noted as needing input, with that finding.

Prisma schema findings become the rule's own edit of the ``.prisma`` file; with a migration
history beside the schema, also the migration ``prisma migrate dev`` would generate for it
(``_prisma_files``), linted with the history's other planned files (a migration that would
cause a finding is dropped with its edit), else the migration is left to ``prisma migrate
dev``.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from schemalint.catalog.model import Catalog, Constraint, Table
from schemalint.engine import FIXED_BY_MIGRATION as FIXED_CODES
from schemalint.findings import Edit, Finding, Fix
from schemalint.fix.naming import NAMING, Naming
from schemalint.fix.steps import (
    NOTED_CODES,
    Conventions,
    Step,
    pending_validations,
    schema_steps,
)
from schemalint.frozen import frozen
from schemalint.inputs.discovery import Discovery, Stream
from schemalint.rules._index_fix import index_name, relation_names
from schemalint.rules._naming import quote_identifier, sql_table_name, table_label
from schemalint.source import SourceFile, Span
from schemalint.tools.dialects import POSTGRES, behaviour_of
from schemalint.tools.transactions import TransactionModel

if TYPE_CHECKING:
    from schemalint.config import Config
    from schemalint.engine import ActiveRule
    from schemalint.fix.unsafe import InPlacePlan
    from schemalint.frontends.prisma import PrismaLoad
    from schemalint.rules.base import Settings

# How long the statements of a fix wait for a lock before they give up (and the deploy with
# them) rather than queue every query of the table behind them.
LOCK_TIMEOUT = "5s"


@frozen
class NewFile:
    """A migration file ``fix`` writes: ``path`` (absolute), ``display`` (as findings name it),
    and the steps it holds (which findings they clear)."""

    path: Path
    display: str
    text: str
    steps: tuple[Step, ...] = ()
    # An uncommitted file the steps are appended to (graphile-migrate's current.sql): its
    # text before; ``None``: the file is new.
    original: str | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(sorted({code for step in self.steps for code, _ in step.keys}))


@frozen
class Rewrite:
    """A file of the tool's own that lists migrations (drizzle-kit's journal): its new text."""

    path: Path
    display: str
    original: str
    text: str


# A finding's (code, span).
Key = tuple[str, Span]


@frozen
class SchemaEdit:
    """An edit of a Prisma schema file (the rule's own fix), clearing the finding ``key``."""

    display: str
    edit: Edit
    description: str
    key: Key


@frozen
class Plan:
    """What ``fix`` would do: new files, schema edits, and what it leaves to the user;
    ``dropped``: the findings whose fix the plan's lint dropped (it would cause a finding)."""

    files: tuple[NewFile, ...] = ()
    edits: tuple[SchemaEdit, ...] = ()
    notes: tuple[str, ...] = ()
    rewrites: tuple[Rewrite, ...] = ()
    dropped: frozenset[Key] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.files and not self.edits


def plan(
    discovery: Discovery,
    catalogs: dict[Path, Catalog],
    findings: Sequence[Finding],
    config: Config,
) -> Plan:
    """The plan that clears ``findings`` (unsuppressed ones of ``FIXED_CODES``), as the rules
    with the project's options ask, each stream's new files linted before they are planned."""
    from schemalint.engine import _load_prisma_schemas, active_rules, migration_folders

    active = active_rules(config)
    # Each Prisma schema, loaded once, with the folders its migration history may be in.
    schemas = [
        (schema, loaded, migration_folders(schema))
        for schema, loaded in _load_prisma_schemas(discovery.prisma_schemas)
    ]
    options = {rule.rule.code: rule.options for rule in active}
    settings_of = settings_for_streams(config)
    todo = [f for f in findings if f.code in FIXED_CODES | NOTED_CODES and f.suppression is None]
    files: list[NewFile] = []
    notes: list[str] = []
    edits: list[SchemaEdit] = []
    rewrites: list[Rewrite] = []
    stream_of = {source.path: stream for stream in discovery.streams for source in stream.files}
    schema_paths = {source.path for schema in discovery.prisma_schemas for source in schema.files}
    # Each Prisma schema's history (the first stream in its folders), and the schema's SL201
    # findings whose migrations go there, planned and linted with the history's own fixes.
    generated_from: dict[Path, PrismaLoad] = {}
    indexes: dict[Path, list[Finding]] = {}
    unmigrated: list[str] = []
    for schema, loaded, folders in schemas:
        own_paths = {source.path for source in schema.files}
        own = [f for f in todo if f.path in own_paths and f.code == "SL201" and f.fix]
        stream = next((s for s in discovery.streams if s.root in folders), None)
        if stream is not None:
            generated_from.setdefault(stream.root, loaded)
        if stream is not None and stream.root in catalogs and generated_from[stream.root] is loaded:
            indexes[stream.root] = own
        elif own:
            unmigrated.append(
                "the Prisma schema now asks for the index: run `prisma migrate dev` to generate "
                "its migration (no migration history beside the schema to follow)"
            )
    check = _PlanCheck(discovery.targets, findings, config, active, generated_from)
    dropped: set[Key] = set()
    for stream in discovery.streams:
        own = [f for f in todo if stream_of.get(f.path) is stream]
        catalog = catalogs.get(stream.root)
        if catalog is None:
            continue
        conventions = Conventions.of(settings_of(stream), options)
        pending = (
            pending_validations(catalog, conventions.settings)
            if catalog.dialect == POSTGRES.name
            else []
        )
        schema_own = indexes.get(stream.root, [])
        if not own and not pending and not schema_own:
            continue
        checked = check.checked(stream, catalog, own, conventions, pending, schema_own)
        files.extend(checked.files)
        notes.extend(checked.notes)
        rewrites.extend([checked.journal] if checked.journal else [])
        dropped.update(checked.dropped)
    for finding in todo:
        if finding.path in schema_paths and finding.fix is not None:
            if (finding.code, finding.span) in dropped:
                continue  # its migration would cause a finding: neither is written
            # Its own edit of the schema (``check`` adds the new migration's insertion).
            edits.extend(
                SchemaEdit(
                    edit.span.path,
                    edit,
                    f"Add `{edit.replacement.strip()}`",
                    (finding.code, finding.span),
                )
                for edit in finding.fix.edits
                if edit.span.path in schema_paths
            )
    notes.extend(unmigrated)
    return Plan(tuple(files), tuple(edits), tuple(notes), tuple(rewrites), frozenset(dropped))


def _prisma_files(
    stream: Stream,
    loaded: PrismaLoad,
    history: Catalog,
    findings: Sequence[Finding],
    already: int,
    model: TransactionModel | None,
) -> tuple[list[NewFile], list[str]]:
    """The migration ``prisma migrate dev`` would generate for the ``@@index`` edits of a
    Prisma schema (its SL201 ``findings``) whose migration history is ``stream``, in folders
    after the history's latest and the ``already`` planned for its raw SQL, each index as
    Prisma writes it (``-- CreateIndex``, the name Prisma derives: ``{table}_{columns}_idx``
    cut to the identifier limit, every name quoted), so the history matches the edited schema
    (no SL801). On PostgreSQL each index is built ``CONCURRENTLY`` in a folder of its own
    (Prisma Migrate sends a file as one query string: a lone statement runs outside a
    transaction block), which SL801 does not tell from Prisma's plain one and SL502 does not
    report. Where the SQL cannot be known (the derived name taken in the history, where
    Prisma's migration would fail): the note to run ``prisma migrate dev``, and why."""
    from schemalint.frontends.prisma.names import default_name
    from schemalint.rules.sl201_unindexed_foreign_key import finding_span

    notes: list[str] = []
    by_span = {
        finding_span(table, fk): (table, fk)
        for table in loaded.catalog.tables.values()
        for fk in table.foreign_keys
    }
    taken = relation_names(history)
    steps: list[Step] = []
    for finding in findings:
        found = by_span.get(finding.span)
        if found is None:
            continue
        table, fk = found
        name = default_name(table.name, fk.columns, "idx", history.dialect)
        target = f'"{table.name}"'
        if table.schema not in ("public", "main"):
            target = f'"{table.schema}".{target}'
        columns = ", ".join(f'"{column}"' for column in fk.columns)
        if name in taken.setdefault(table.schema, set()):
            where = _display(stream, PurePosixPath())
            notes.append(
                f"{where}: the Prisma schema now asks for the index: run `prisma migrate "
                f"dev` to generate its migration (the name Prisma derives, `{name}`, is "
                "taken in the history, where its CREATE INDEX would fail: give the "
                "`@@index` a `map:`)"
            )
            continue
        taken[table.schema].add(name)
        how = "CREATE INDEX"
        concurrent = f'CREATE INDEX CONCURRENTLY "{name}" ON {target}({columns});'
        if behaviour_of(history.dialect).concurrent_index and _runs_alone(
            stream, model, concurrent, concurrent
        ):
            how = "CREATE INDEX CONCURRENTLY"
        steps.append(
            Step(
                (("SL201", finding.span),),
                f"index the foreign key ({', '.join(fk.columns)}) of `{table.name}`",
                (f'{how} "{name}" ON {target}({columns});',),
                (),
                f"index_{name}",
                alone=how != "CREATE INDEX",
            )
        )
    groups = [[step] for step in steps if step.alone]
    groups += [[step for step in steps if not step.alone]]
    groups = [group for group in groups if group]
    naming = NAMING["prisma"]
    named = naming.next_names(stream, already + len(groups)) if groups else None
    if named is None:
        return [], notes
    names, folder = named
    files = []
    for group, version in zip(groups, names[already:], strict=True):
        relative, _ = naming.render(version, _slug(group), "", "", False)
        text = "\n".join(f"-- CreateIndex\n{step.statements[0]}\n" for step in group)
        display = f"{folder}/{relative}" if folder else str(relative)
        files.append(NewFile(stream.root / relative, display, text, tuple(group)))
    return files, notes


def _with_journal(
    stream: Stream, files: list[NewFile], notes: list[str]
) -> tuple[list[NewFile], list[str], Rewrite | None]:
    """drizzle-kit's new files and the journal that lists them (none: nothing written)."""
    if not files or stream.tool.name != "drizzle":
        return files, notes, None
    journal = _journal(stream, files)
    if journal is None:
        where = _display(stream, PurePosixPath())
        return (
            [],
            [
                *notes,
                f"{where}: {_codes(*(s for f in files for s in f.steps))} not fixed, nothing "
                "written: meta/_journal.json lists no migration to follow",
            ],
            None,
        )
    return files, notes, journal


@frozen
class _Checked:
    """A stream's linted plan: its files, notes, drizzle-kit's journal, and the findings
    whose steps were dropped."""

    files: list[NewFile]
    notes: list[str]
    journal: Rewrite | None
    dropped: frozenset[Key]


class _PlanCheck:
    """Lints a stream's planned files with its history in memory before they are written:
    the new files replayed on a copy of the history's catalog, then every rule as ``check``
    runs them, a finding a ``schemalint-ignore`` comment covers left out as ``check`` leaves it
    (the rules the config ignores do not run; a baseline is ``check``'s filter after the lint,
    which ``fix`` does not read). A step that would cause a finding ``check`` does not report
    now (any code), or leaves its own finding standing, is dropped with every step of its findings; the plan is
    made again without them (their notes say why) until what is left lints clean."""

    def __init__(
        self,
        targets: frozenset[str],
        findings: Sequence[Finding],
        config: Config,
        active: Sequence[ActiveRule],
        generated_from: Mapping[Path, PrismaLoad],
    ) -> None:
        self.targets = targets
        self.before = {(f.code, f.span) for f in findings}
        self.config = config
        self.active = active
        # The Prisma schema each history was generated from (its tables are judged there).
        self.generated_from = generated_from

    def checked(
        self,
        stream: Stream,
        catalog: Catalog,
        findings: Sequence[Finding],
        conventions: Conventions,
        pending: Sequence[Step],
        schema_findings: Sequence[Finding] = (),
    ) -> _Checked:
        """The stream's files for ``findings`` (of its history) and ``pending``, then the
        migrations of the ``schema_findings`` of the Prisma schema it was generated from."""
        dropped: dict[Key, str] = {}
        # How to build the out-of-band indexes of the dropped findings (still worth doing).
        carried: list[str] = []
        while True:
            kept = [f for f in findings if (f.code, f.span) not in dropped]
            still = [step for step in pending if step.keys[0] not in dropped]
            advice: dict[Key, list[str]] = {}
            files, notes = _stream_plan(stream, catalog, kept, conventions, still, advice)
            files, notes, journal = _with_journal(stream, files, notes)
            indexes = [f for f in schema_findings if (f.code, f.span) not in dropped]
            if indexes:
                model = conventions.settings.transaction_model()
                loaded = self.generated_from[stream.root]
                more = _prisma_files(stream, loaded, catalog, indexes, len(files), model)
                files, notes = [*files, *more[0]], [*notes, *more[1]]
            caused = self._caused(stream, catalog, files) if files else {}
            fresh = {key: why for key, why in caused.items() if key not in dropped}
            if not fresh:
                kept_notes = list(dict.fromkeys([*notes, *dropped.values(), *carried]))
                return _Checked(files, kept_notes, journal, frozenset(dropped))
            dropped.update(fresh)
            carried.extend(note for key in fresh for note in advice.get(key, ()))

    def _caused(self, stream: Stream, catalog: Catalog, files: Sequence[NewFile]) -> dict[Key, str]:
        """What each planned finding's steps would cause, by the finding's key."""
        from schemalint.engine import lint_appended

        added = [_planned_source(stream, new) for new in files]
        targets = self.targets & {source.path for source in stream.files}
        found = lint_appended(
            stream,
            added,
            _copy_catalog(catalog),
            self.config,
            self.active,
            targets,
            self.generated_from.get(stream.root),
        )
        after = {(f.code, f.span) for f in found}
        where = _display(stream, PurePosixPath())
        caused: dict[Key, str] = {}
        for step in (step for new in files for step in new.steps):
            for key in step.keys:
                if key in after and key in self.before:
                    caused[key] = (
                        f"{where}: {key[0]} not fixed, needs your input: the planned "
                        f"`{step.statements[0]}` leaves it standing"
                    )
        sources = {source.path: source for source in stream.files}
        for finding in found:
            if (finding.code, finding.span) in self.before:
                continue
            source = sources.get(finding.path)
            at = ""
            if source is not None:  # in the history (else in a planned file, at the step's)
                position = source.position(finding.span.start)
                at = f" at {finding.path}:{position.line}:{position.column}"
            for step in _culprits(finding, files):
                statement = " ".join(step.statements[0].split())
                for key in step.keys:
                    caused.setdefault(
                        key,
                        f"{where}: {key[0]} not fixed, needs your input: `{statement}` would "
                        f"cause {finding.code}{at}: {finding.message}",
                    )
        return caused


def _culprits(finding: Finding, files: Sequence[NewFile]) -> list[Step]:
    """The planned steps a new finding comes from: the step whose statements hold it; every
    step of its file if it is elsewhere in a new file, every step if in the history."""
    for new in files:
        if new.display != finding.path:
            continue
        offset = len(new.original or "")
        for step in new.steps:
            for statement in _written(new, step):
                start = new.text.find(statement, offset)
                if start == -1:
                    continue
                offset = start + len(statement)
                if start <= finding.span.start < offset:
                    return [step]
        return list(new.steps)
    return [step for new in files for step in new.steps]


def _written(new: NewFile, step: Step) -> tuple[str, ...]:
    """The statements of ``step`` as ``new`` holds them (appended ones in their re-runnable
    form)."""
    return step.again if new.original is not None else step.statements


def _planned_source(stream: Stream, new: NewFile) -> SourceFile:
    """A planned file as discovery would read it; one appended to (graphile's current.sql)
    with what it held before blanked out (it is replayed already): only the appended
    statements replay, at their offsets in the whole file."""
    masked = stream.tool.mask(new.text) if stream.tool.mask else new.text
    if new.original is not None:
        end = len(new.original)
        masked = re.sub(r"[^\n]", " ", masked[:end]) + masked[end:]
    return SourceFile(new.display, new.text, masked)


def _copy_catalog(catalog: Catalog) -> Catalog:
    """A copy of ``catalog`` the replay may change: its containers copied, the frozen objects
    in them shared."""
    return dataclasses.replace(
        catalog,
        **{
            field.name: copy.copy(getattr(catalog, field.name))
            for field in dataclasses.fields(catalog)
            if field.init
        },
    )


def _index_steps(
    catalog: Catalog, findings: Sequence[Finding], taken: dict[str, set[str]]
) -> tuple[list[Step], list[str]]:
    """SL201: the index each foreign key needs, CONCURRENTLY (alone) on PostgreSQL; and why
    some cannot be written."""
    from schemalint.rules.sl201_unindexed_foreign_key import finding_span

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


def _stream_plan(
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
    where = _display(stream, PurePosixPath())
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
        return _current_sql(stream, catalog, steps, model, notes)
    naming = NAMING.get(stream.tool.name)
    if naming is None:
        for step in steps:
            if step.alone and not _runs_alone(stream, model, "", step.statements[0]):
                notes.append(_out_of_band(stream, model, step))
            else:
                statements = " ".join(f"`{s}`" for s in step.statements)
                notes.append(
                    f"{_display(stream, PurePosixPath())}: {_codes(step)} not fixed, nothing "
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
            _, text = naming.render("0", _slug([step]), _body(naming, [step], ""), "", True)
            if _runs_alone(stream, model, text, step.statements[0]):
                groups.append([step])
            else:
                notes.append(_out_of_band(stream, model, step))
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
                    f"{where}: {_codes(step)}: VALIDATE not written: {batched} runs every "
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
            f"{_display(stream, PurePosixPath())}: {_codes(*steps)} not fixed, nothing "
            "written: no migration carries a version for a new one to follow",
        ]
    files: list[NewFile] = []
    names, folder = named
    for group, version in zip(groups, names, strict=True):
        alone = group[0].alone
        timeout = "" if alone or catalog.dialect != POSTGRES.name else LOCK_TIMEOUT
        down = "".join(f"{statement}\n" for step in reversed(group) for statement in step.down)
        relative, text = naming.render(
            version, _slug(group), _body(naming, group, timeout), down, alone
        )
        path = stream.root / relative
        display = f"{folder}/{relative}" if folder else str(relative)
        files.append(NewFile(path, display, text, tuple(group)))
    return files, notes


def _current_sql(
    stream: Stream,
    catalog: Catalog,
    steps: Sequence[Step],
    model: TransactionModel | None,
    notes: list[str],
) -> tuple[list[NewFile], list[str]]:
    """graphile-migrate: a new migration is written in ``current.sql`` (``graphile-migrate
    commit`` moves it to ``committed/`` with its hash): the steps are appended to it, in their
    form that may run again (``watch`` re-runs the file on every save). It runs in one
    transaction: an index built CONCURRENTLY is left to be built out of band."""
    path = stream.root / "current.sql"
    if (stream.root / "current").is_dir():
        return [], [
            *notes,
            f"{_display(stream, PurePosixPath())}: {_codes(*steps)} not fixed, nothing "
            "written: fix does not write into a current/ folder yet",
        ]
    for step in steps:
        if step.alone or step.after:
            notes.append(_out_of_band(stream, model, step))
    group = [step for step in steps if not step.alone and not step.after]
    if not group:
        return [], notes
    try:
        original = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError):
        return [], [*notes, f"{_display(stream, PurePosixPath('current.sql'))}: unreadable"]
    rerun = [dataclasses.replace(step, statements=step.again) for step in group]
    timeout = LOCK_TIMEOUT if catalog.dialect == POSTGRES.name else ""
    body = _body(NAMING["file"], rerun, timeout)
    gap = "" if not original else ("\n" if original.endswith("\n") else "\n\n")
    display = _display(stream, PurePosixPath("current.sql"))
    return [NewFile(path, display, original + gap + body, tuple(group), original)], notes


def _journal(stream: Stream, files: Sequence[NewFile]) -> Rewrite | None:
    """drizzle-kit's migrator applies what ``meta/_journal.json`` lists (each entry's
    ``<tag>.sql``, split at its breakpoints) whose ``when`` is later than the last migration
    the database recorded: one entry per new file, one second after the previous. The
    snapshots beside it only serve ``drizzle-kit generate``'s diff, which never sees RLS
    statements or indexes the TypeScript schema does not declare; none is written."""
    path = stream.root / "meta" / "_journal.json"
    try:
        original = path.read_text(encoding="utf-8")
        journal = json.loads(original)
    except (OSError, ValueError):
        return None
    entries = journal.get("entries") if isinstance(journal, dict) else None
    if not entries or not isinstance(entries, list) or not isinstance(entries[-1], dict):
        return None
    last = entries[-1]
    try:
        idx, when = int(last.get("idx", len(entries) - 1)), int(last.get("when", 0))
    except (TypeError, ValueError):
        return None
    added = [
        {
            "idx": idx + number,
            "version": last.get("version", "7"),
            "when": when + 1000 * number,
            "tag": new.path.name.removesuffix(".sql"),
            "breakpoints": True,
        }
        for number, new in enumerate(files, 1)
    ]
    close = original.rstrip().rfind("]")
    previous = original.rfind("}", 0, close)
    if original[close + 1 :].strip() == "}" and previous != -1:
        line = original[original.rfind("\n", 0, previous) + 1 : previous]
        indent = line[: len(line) - len(line.lstrip())]
        inserted = "".join(f",\n{indent}{json.dumps(entry)}" for entry in added)
        text = original[: previous + 1] + inserted + original[previous + 1 :]
    else:
        journal["entries"] = [*entries, *added]
        text = json.dumps(journal, indent=2) + "\n"
    display = _display(stream, PurePosixPath("meta/_journal.json"))
    return Rewrite(path, display, original, text)


def _body(naming: Naming, group: Sequence[Step], timeout: str) -> str:
    """The statements of ``group``, each step's after its comment, separated as the tool
    wants (drizzle-kit: a statement breakpoint), after ``SET lock_timeout`` if ``timeout``."""
    chunks = [f"SET lock_timeout = '{timeout}';\n"] if timeout else []
    for step in group:
        comment = f"-- schemalint fix ({_codes(step)}): {step.comment}\n"
        chunks.extend(
            (comment if number == 0 else "") + f"{statement}\n"
            for number, statement in enumerate(step.statements)
        )
    return naming.separator.join(chunks)


def _codes(*steps: Step) -> str:
    return ", ".join(sorted({code for step in steps for code, _ in step.keys}))


def _out_of_band(stream: Stream, model: TransactionModel | None, step: Step) -> str:
    """Why nothing is written for ``step``'s index, and how to build it (the runner's advice)."""
    from schemalint.rules._safety import how_to_run_alone

    statement = step.statements[0].rstrip(";")
    advice = how_to_run_alone(model, statement)
    return (
        f"{_display(stream, PurePosixPath())}: {_codes(step)} not fixed, nothing written: {advice}"
    )


def _runs_alone(stream: Stream, model: TransactionModel | None, text: str, statement: str) -> bool:
    """Whether the runner runs ``statement``, the one statement of ``text``, outside a block."""
    if model is None:
        return True
    masked = stream.tool.mask(text) if stream.tool.mask else text
    run = model.run(masked, [statement])
    return not run.refused and not run.in_transaction(0)


def _display(stream: Stream, relative: PurePosixPath) -> str:
    """The new file's path as findings show paths: relative to the working directory under it."""
    try:
        root = stream.root.relative_to(Path.cwd().absolute()).as_posix()
    except ValueError:
        root = stream.root.as_posix()
    return (PurePosixPath(root) / relative).as_posix()


def _qualified(table: Table, name: str, dialect: str) -> str:
    quoted = quote_identifier(name, dialect)
    if table.schema in ("public", "main"):
        return quoted
    return f"{quote_identifier(table.schema, dialect)}.{quoted}"


def _slug(group: Sequence[Step]) -> str:
    if len(group) == 1:
        raw = group[0].name
    elif all(code == "SL201" for step in group for code, _ in step.keys):
        raw = "index_foreign_keys"
    else:
        raw = "schemalint_fixes"
    return re.sub(r"[^a-z0-9_]+", "_", raw.lower()).strip("_")[:60]


def settings_for_streams(config: Config) -> Callable[[Stream], Settings]:
    """What a stream's rules are told (conventions, exposed schemas, the runner's model)."""

    def settings_of(stream: Stream) -> Settings:
        from schemalint.engine import settings_for

        return settings_for(config, POSTGRES.name, "sql", stream)

    return settings_of


def with_migration_fixes(
    discovery: Discovery,
    catalogs: dict[Path, Catalog],
    findings: Sequence[Finding],
    config: Config,
) -> list[Finding]:
    """``findings`` with each SQL history's fix as ``fix`` makes it: the insertion of each new
    migration file's whole text (SARIF: an insertion into a new artifact), or no fix where
    ``fix`` writes nothing (an index built out of band, a fix that needs the user's input)."""
    history_paths = {source.path for stream in discovery.streams for source in stream.files}
    # A Prisma schema's SL201 edit comes with the migration of its history, if it has one.
    schema_paths = {s.path for schema in discovery.prisma_schemas for s in schema.files}
    if not discovery.streams:
        schema_paths = set()
    if not any(f.code in FIXED_CODES and f.path in history_paths | schema_paths for f in findings):
        return list(findings)
    the_plan = plan(discovery, catalogs, findings, config)
    by_key: dict[tuple[str, Span], list[tuple[NewFile, Step]]] = {}
    for new in the_plan.files:
        for step in new.steps:
            for key in step.keys:
                by_key.setdefault(key, []).append((new, step))
    changed = []
    for finding in findings:
        own = finding.fix
        if finding.path in schema_paths and own and finding.suppression is None:
            found = by_key.get((finding.code, finding.span), [])
            if (finding.code, finding.span) in the_plan.dropped:
                # Its migration would cause a finding: ``fix`` writes neither it nor the edit.
                finding = dataclasses.replace(finding, fix=None)
            elif found:
                new, step = found[0]
                fix = Fix(
                    f"{own.description} and write the new migration `{new.display}`: "
                    f"`{step.statements[0]}`",
                    (*own.edits, _insertion(new)),
                )
                finding = dataclasses.replace(finding, fix=fix)
        elif finding.code in FIXED_CODES and finding.path in history_paths:
            found = by_key.get((finding.code, finding.span), [])
            fix = None
            if found and finding.suppression is None:
                files = list(dict.fromkeys(new for new, _ in found))
                names = ", ".join(f"`{new.display}`" for new in files)
                statements = " ".join(
                    f"`{' '.join(s.split())}`" for _, step in found for s in step.statements
                )
                plural = "s" if len(files) > 1 else ""
                journals = [
                    Edit(Span(r.display, 0, len(r.original)), r.text)
                    for r in the_plan.rewrites
                    if any(new.path.parent == r.path.parent.parent for new in files)
                ]
                listed = f" and list {'it' if len(files) == 1 else 'them'} in its journal"
                write = (
                    "Append to"
                    if all(new.original is not None for new in files)
                    else f"Write the new migration{plural}"
                )
                fix = Fix(
                    f"{write} {names}{listed if journals else ''}: {statements}",
                    (*(_insertion(new) for new in files), *journals),
                )
            finding = dataclasses.replace(finding, fix=fix)
        changed.append(finding)
    return changed


def _insertion(new: NewFile) -> Edit:
    """The new file as an insertion into a new artifact, or what is appended to one."""
    if new.original is None:
        return Edit(Span(new.display, 0, 0), new.text)
    end = len(new.original)
    return Edit(Span(new.display, end, end), new.text[end:])


def execute(
    paths: tuple[Path, ...],
    *,
    dry_run: bool,
    config_path: Path | None,
    dialect: str | None,
    unsafe_fixes: bool = False,
) -> int:
    """Lint ``paths``, then write (or with ``dry_run`` print) what clears the fixable findings.

    Returns 0; existing files are never overwritten (one that is in the way is reported, 1).
    """
    from schemalint.output.files import write_output
    from schemalint.run import RunOptions, lint_paths

    options = RunOptions(
        paths=paths or (Path(),), config_path=config_path, dialect=dialect, fixes=False
    )
    discovery, config, result, _ = lint_paths(options, Path.cwd())

    the_plan = plan(discovery, dict(result.catalogs), result.findings, config)
    from schemalint.fix.unsafe import InPlacePlan, plan_in_place

    in_place = InPlacePlan()
    if unsafe_fixes:
        in_place = plan_in_place(
            discovery, dict(result.catalogs), result.findings, config, Path.cwd()
        )
        the_plan = _after_splits(the_plan, in_place)
    verb = "would write" if dry_run else "wrote"
    code = 0
    for new in the_plan.files:
        if new.original is None and new.path.exists():
            print(f"schemalint: {new.display} exists; not overwritten", file=sys.stderr)
            code = 1
            continue
        what = verb if new.original is None else ("would append to" if dry_run else "appended to")
        print(f"schemalint: {what} {new.display} ({', '.join(new.codes)})")
        if dry_run:
            print(new.text[len(new.original or "") :], end="")
            continue
        new.path.parent.mkdir(parents=True, exist_ok=True)
        write_output(new.path, new.text)
    for rewrite in the_plan.rewrites if code == 0 else ():
        print(
            f"schemalint: {'would list' if dry_run else 'listed'} the new migrations in {rewrite.display}"
        )
        if not dry_run:
            write_output(rewrite.path, rewrite.text)
    by_file: dict[str, list[SchemaEdit]] = {}
    for schema_edit in the_plan.edits:
        by_file.setdefault(schema_edit.display, []).append(schema_edit)
    sources = result.sources
    for display, file_edits in by_file.items():
        source = sources[display]
        text = source.text
        # From the end, so earlier offsets hold; equal offsets keep the findings' order.
        for schema_edit in sorted(file_edits, key=lambda e: e.edit.span.start, reverse=True):
            start, end = schema_edit.edit.span.start, schema_edit.edit.span.end
            text = text[:start] + schema_edit.edit.replacement + text[end:]
            line = source.position(start).line
            verbed = "would edit" if dry_run else "edited"
            print(f"schemalint: {verbed} {display}:{line}: {schema_edit.description}")
        if not dry_run:
            write_output(Path(display), text)
    notes = list(the_plan.notes)
    code = max(code, _write_in_place(in_place, dry_run))
    notes.extend(in_place.notes)
    for note in notes:
        print(f"schemalint: {note}")
    if the_plan.empty and not notes and not in_place.rewrites:
        print("schemalint: nothing to fix")
    return code


def _after_splits(the_plan: Plan, in_place: InPlacePlan) -> Plan:
    """``the_plan`` without its new migrations in a stream where an in-place fix writes a
    split right after the migration it edits: both would take the next version. They are
    noted, and written by the next ``fix`` (after the split)."""
    roots = {rewrite.split.root for rewrite in in_place.rewrites if rewrite.split is not None}
    if not roots:
        return the_plan

    def held(path: Path) -> bool:
        return any(path.is_relative_to(root) for root in roots)

    notes = [
        f"{new.display}: not written yet: the in-place fix's new migration takes its version; "
        "run `schemalint fix` again to write it after that one"
        for new in the_plan.files
        if held(new.path)
    ]
    # A Prisma schema's edit waits with its migration: alone it would be SL801 drift.
    waiting = {key for new in the_plan.files if held(new.path) for s in new.steps for key in s.keys}
    return dataclasses.replace(
        the_plan,
        files=tuple(new for new in the_plan.files if not held(new.path)),
        edits=tuple(edit for edit in the_plan.edits if edit.key not in waiting),
        rewrites=tuple(r for r in the_plan.rewrites if not held(r.path)),
        notes=(*the_plan.notes, *notes),
    )


def _write_in_place(in_place: InPlacePlan, dry_run: bool) -> int:
    """Write (or print) the in-place rewrites and the new migrations their splits need;
    a rewrite whose new migration's path is taken is not made (1)."""
    from schemalint.output.files import write_output

    code = 0
    for rewrite in in_place.rewrites:
        split = rewrite.split
        if split is not None and split.path.exists():
            print(f"schemalint: {split.display} exists; not overwritten", file=sys.stderr)
            code = 1
            continue
        for change in rewrite.changes:
            print(f"schemalint: {'would edit' if dry_run else 'edited'} {change}")
        if split is not None:
            verb = "would write" if dry_run else "wrote"
            print(f"schemalint: {verb} {split.display} (split from {rewrite.display})")
            if dry_run:
                print(split.text, end="")
            else:
                split.path.parent.mkdir(parents=True, exist_ok=True)
                write_output(split.path, split.text)
        if not dry_run:
            write_output(rewrite.path, rewrite.text)
    return code
