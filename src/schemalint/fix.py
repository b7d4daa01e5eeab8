"""``schemalint fix``: clear findings with NEW migrations, never by editing the history.

For each SQL history, the SL201 findings ``check`` reports become ``CREATE INDEX`` statements in
new migration files, in the stream's own layout and naming (the next timestamp or version after
the latest migration), on the tables' *current* names, with index names that no relation of
the schema holds. On PostgreSQL each index is built ``CONCURRENTLY`` in a file of its own, with
the runner's no-transaction directive where it needs one; the runner's transaction model
decides whether the file runs outside a transaction block, and where it cannot, the fix says
how to run the index out of band and writes nothing. Prisma schema findings become the rule's
own edit of the ``.prisma`` file; the migration is left to ``prisma migrate dev``.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from schemalint.catalog.model import Catalog, Constraint, Table
from schemalint.discovery import Discovery, Stream
from schemalint.engine import FIXED_BY_MIGRATION as FIXED_CODES
from schemalint.findings import Edit, Finding, Fix
from schemalint.frozen import frozen
from schemalint.rules._naming import quote_identifier, sql_table_name, table_label
from schemalint.source import Span
from schemalint.tools.dialects import POSTGRES, behaviour_of
from schemalint.tools.transactions import TransactionModel

if TYPE_CHECKING:
    from schemalint.config import Config

# PostgreSQL truncates longer identifiers (NAMEDATALEN - 1 bytes).
_MAX_NAME = 63
_TIMESTAMP = "%Y%m%d%H%M%S"


@frozen
class NewFile:
    """A migration file ``fix`` writes: ``path`` (absolute), ``display`` (as findings name it)."""

    path: Path
    display: str
    text: str
    codes: tuple[str, ...]
    # The findings it clears (their spans) and the statements it holds, for their fixes.
    spans: tuple[Span, ...] = ()
    statements: tuple[str, ...] = ()


@frozen
class SchemaEdit:
    """An edit of a Prisma schema file (the rule's own fix)."""

    display: str
    edit: Edit
    description: str


@frozen
class Plan:
    """What ``fix`` would do: new files, schema edits, and what it leaves to the user."""

    files: tuple[NewFile, ...] = ()
    edits: tuple[SchemaEdit, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.files and not self.edits


@frozen
class _Index:
    table: Table
    fk: Constraint
    name: str
    statement: str
    span: Span  # the finding's


def plan(
    discovery: Discovery,
    catalogs: dict[Path, Catalog],
    findings: Sequence[Finding],
    model_of: Callable[[Stream], TransactionModel | None],
) -> Plan:
    """The plan that clears ``findings`` (unsuppressed ones of ``FIXED_CODES``)."""
    todo = [f for f in findings if f.code in FIXED_CODES and f.suppression is None]
    files: list[NewFile] = []
    notes: list[str] = []
    edits: list[SchemaEdit] = []
    stream_of = {source.path: stream for stream in discovery.streams for source in stream.files}
    schema_paths = {source.path for schema in discovery.prisma_schemas for source in schema.files}
    for finding in todo:
        if finding.path in schema_paths and finding.fix is not None:
            edits.extend(
                SchemaEdit(edit.span.path, edit, finding.fix.description)
                for edit in finding.fix.edits
            )
    for stream in discovery.streams:
        own = [f for f in todo if stream_of.get(f.path) is stream]
        catalog = catalogs.get(stream.root)
        if not own or catalog is None:
            continue
        stream_files, stream_notes = _stream_plan(stream, catalog, own, model_of(stream))
        files.extend(stream_files)
        notes.extend(stream_notes)
    if edits:
        notes.append(
            "the Prisma schema now asks for the index: run `prisma migrate dev` to generate "
            "its migration"
        )
    return Plan(tuple(files), tuple(edits), tuple(notes))


def _stream_plan(
    stream: Stream, catalog: Catalog, findings: Sequence[Finding], model: TransactionModel | None
) -> tuple[list[NewFile], list[str]]:
    from schemalint.rules.sl201_unindexed_foreign_key import finding_span

    by_span = {
        finding_span(table, fk): (table, fk)
        for table in catalog.tables.values()
        for fk in table.foreign_keys
    }
    taken = _relation_names(catalog)
    concurrent = behaviour_of(catalog.dialect).concurrent_index
    indexes: list[_Index] = []
    for finding in findings:
        found = by_span.get(finding.span)
        if found is None:
            continue
        table, fk = found
        name = _free_name(table, fk.columns, taken.setdefault(table.schema, set()))
        columns = ", ".join(quote_identifier(c, catalog.dialect) for c in fk.columns)
        target = sql_table_name(table, catalog.dialect)
        how = "CREATE INDEX CONCURRENTLY" if concurrent else "CREATE INDEX"
        quoted = quote_identifier(name, catalog.dialect)
        statement = f"{how} {quoted} ON {target} ({columns});"
        indexes.append(_Index(table, fk, name, statement, finding.span))
    if not indexes:
        return [], []
    naming = _NAMING.get(stream.tool.name)
    if naming is None:
        advice = []
        for index in indexes:
            if concurrent and not _runs_alone(stream, model, "", index.statement):
                advice.append(_out_of_band(stream, model, index))
            else:
                advice.append(
                    f"{_display(stream, PurePosixPath())}: SL201 not fixed, nothing written: "
                    f"fix does not write {stream.tool.label} migrations yet: add "
                    f"`{index.statement}` in a migration of its own"
                )
        return [], advice
    # CONCURRENTLY cannot run in a transaction block: one index per file, each checked against
    # the runner's model. Without it (SQLite) one file holds every index.
    groups = [[index] for index in indexes] if concurrent else [indexes]
    files: list[NewFile] = []
    notes: list[str] = []
    named = naming.next_names(stream, len(groups))
    if named is None:
        return [], [
            f"{_display(stream, PurePosixPath())}: SL201 not fixed, nothing written: no "
            "migration carries a version for a new one to follow"
        ]
    names, folder = named
    for group, name in zip(groups, names, strict=True):
        slug = _slug(group)
        body = "".join(
            f"-- schemalint fix (SL201): index the foreign key {_key_label(i)}\n{i.statement}\n"
            for i in group
        )
        down = "".join(
            f"DROP INDEX IF EXISTS {_qualified(i.table, i.name, catalog.dialect)};\n" for i in group
        )
        relative, text = naming.render(name, slug, body, down)
        if concurrent and not _runs_alone(stream, model, text, group[0].statement):
            notes.append(_out_of_band(stream, model, group[0]))
            continue
        path = stream.root / relative
        files.append(
            NewFile(
                path,
                f"{folder}/{relative}" if folder else str(relative),
                text,
                ("SL201",),
                tuple(i.span for i in group),
                tuple(i.statement for i in group),
            )
        )
    return files, notes


def _out_of_band(stream: Stream, model: TransactionModel | None, index: _Index) -> str:
    """Why nothing is written for ``index``, and how to build it (the runner's own advice)."""
    from schemalint.rules._safety import how_to_run_alone

    statement = index.statement.rstrip(";")
    advice = how_to_run_alone(model, statement)
    return f"{_display(stream, PurePosixPath())}: SL201 not fixed, nothing written: {advice}"


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


def _relation_names(catalog: Catalog) -> dict[str, set[str]]:
    """Every relation-like name per schema: tables, indexes, constraints (some own an index)."""
    names: dict[str, set[str]] = {}
    for table in catalog.tables.values():
        taken = names.setdefault(table.schema, set())
        taken.add(table.name)
        taken.update(index.name for index in table.indexes)
        taken.update(constraint.name for constraint in table.constraints)
    return names


def _free_name(table: Table, columns: tuple[str, ...], taken: set[str]) -> str:
    """PostgreSQL's own index name (``table_cols_idx``), numbered past every name taken."""
    base = f"{table.name}_{'_'.join(columns)}_idx"
    number = 0
    while True:
        suffix = str(number) if number else ""
        name = base[: _MAX_NAME - len(suffix)] + suffix
        if name not in taken:
            taken.add(name)
            return name
        number += 1


def _qualified(table: Table, name: str, dialect: str) -> str:
    quoted = quote_identifier(name, dialect)
    if table.schema in ("public", "main"):
        return quoted
    return f"{quote_identifier(table.schema, dialect)}.{quoted}"


def _key_label(index: _Index) -> str:
    return f"({', '.join(index.fk.columns)}) of `{table_label(index.table)}`"


def _slug(group: Sequence[_Index]) -> str:
    raw = f"index_{group[0].name}" if len(group) == 1 else "index_foreign_keys"
    return re.sub(r"[^a-z0-9_]+", "_", raw.lower()).strip("_")[:60]


# ---------------------------------------------------------------- layouts and naming


def _next_version(version: str, step: int) -> str:
    """``version`` advanced by ``step``: a timestamp by seconds, a number by one (same width)."""
    if len(version) == 14 and version.isdigit():
        try:
            moment = datetime.datetime.strptime(version, _TIMESTAMP)
        except ValueError:
            pass
        else:
            return (moment + datetime.timedelta(seconds=step)).strftime(_TIMESTAMP)
    parts = re.split(r"([._])", version)
    last = parts[-1]
    parts[-1] = str(int(last) + step).zfill(len(last))
    return "".join(parts)


@frozen
class _Naming:
    """How a tool names its migrations: the version in a file's path, and a new file's text."""

    version: re.Pattern[str]
    # (version, slug) -> path under the stream root
    path: Callable[[str, str], str]
    # (body, down) -> the file's text
    text: Callable[[str, str], str]

    def latest(self, stream: Stream) -> tuple[str, str] | None:
        """The latest migration's version, and the folder it is in as display paths show it."""
        versions: list[tuple[tuple[int, ...], str, str]] = []
        for source in stream.files:
            match = self.version.search(source.path)
            if match:
                key = tuple(int(part) for part in re.split(r"[._]", match.group(1)))
                versions.append((key, match.group(1), source.path[: match.start()]))
        return max(versions)[1:] if versions else None

    def next_names(self, stream: Stream, count: int) -> tuple[list[str], str] | None:
        """The versions of ``count`` new migrations after the latest, and the folder they go
        in (``None``: no migration has a version)."""
        latest = self.latest(stream)
        if latest is None:
            return None
        version, folder = latest
        return [_next_version(version, step + 1) for step in range(count)], folder

    def render(self, version: str, slug: str, body: str, down: str) -> tuple[PurePosixPath, str]:
        return PurePosixPath(self.path(version, slug)), self.text(body, down)


def _just(body: str, down: str) -> str:
    return body


_NAMING: dict[str, _Naming] = {
    "supabase": _Naming(
        re.compile(r"(?:^|/)(\d{14})_[^/]*\.sql$"), lambda v, s: f"{v}_{s}.sql", _just
    ),
    "prisma": _Naming(
        re.compile(r"(?:^|/)(\d+)_[^/]*/migration\.sql$"),
        lambda v, s: f"{v}_{s}/migration.sql",
        _just,
    ),
    "flyway": _Naming(
        re.compile(r"(?:^|/)V(\d+(?:[._]\d+)*)__[^/]*\.sql$"),
        lambda v, s: f"V{v}__{s}.sql",
        _just,
    ),
    "golang-migrate": _Naming(
        re.compile(r"(?:^|/)(\d+)_[^/]*\.up\.sql$"), lambda v, s: f"{v}_{s}.up.sql", _just
    ),
    "dbmate": _Naming(
        re.compile(r"(?:^|/)(\d+)_[^/]*\.sql$"),
        lambda v, s: f"{v}_{s}.sql",
        lambda body, down: f"-- migrate:up transaction:false\n{body}\n-- migrate:down\n{down}",
    ),
    "goose": _Naming(
        re.compile(r"(?:^|/)(\d+)_[^/]*\.sql$"),
        lambda v, s: f"{v}_{s}.sql",
        lambda body, down: (
            f"-- +goose NO TRANSACTION\n-- +goose Up\n{body}\n-- +goose Down\n{down}"
        ),
    ),
    "plain": _Naming(
        re.compile(r"(?:^|/)(\d+)(?:_[^/]*)?\.sql$"), lambda v, s: f"{v}_{s}.sql", _just
    ),
    "file": _Naming(
        re.compile(r"(?:^|/)(\d+)(?:_[^/]*)?\.sql$"), lambda v, s: f"{v}_{s}.sql", _just
    ),
    "versioned": _Naming(
        re.compile(r"(?:^|/)(\d+)(?:_[^/]*)?\.sql$"), lambda v, s: f"{v}_{s}.sql", _just
    ),
}


def model_for(config: Config) -> Callable[[Stream], TransactionModel | None]:
    """The runner's transaction model of a stream, as its rules are told it."""

    def model_of(stream: Stream) -> TransactionModel | None:
        from schemalint.engine import settings_for

        return settings_for(config, POSTGRES.name, "sql", stream).transaction_model()

    return model_of


def with_migration_fixes(
    discovery: Discovery,
    catalogs: dict[Path, Catalog],
    findings: Sequence[Finding],
    config: Config,
) -> list[Finding]:
    """``findings`` with each SQL history's SL201 fix as ``fix`` makes it: the insertion of a
    new migration file's whole text (SARIF: an insertion into a new artifact), or no fix
    where ``fix`` writes nothing (the index is built out of band)."""
    history_paths = {source.path for stream in discovery.streams for source in stream.files}
    if not any(f.code in FIXED_CODES and f.path in history_paths for f in findings):
        return list(findings)
    the_plan = plan(discovery, catalogs, findings, model_for(config))
    by_span = {span: new for new in the_plan.files for span in new.spans}
    changed = []
    for finding in findings:
        if finding.code in FIXED_CODES and finding.path in history_paths:
            new = by_span.get(finding.span) if finding.suppression is None else None
            fix = None
            if new is not None:
                statements = " ".join(f"`{s}`" for s in new.statements)
                fix = Fix(
                    f"Write the new migration `{new.display}`: {statements}",
                    (Edit(Span(new.display, 0, 0), new.text),),
                )
            finding = dataclasses.replace(finding, fix=fix)
        changed.append(finding)
    return changed


def execute(
    paths: tuple[Path, ...], *, dry_run: bool, config_path: Path | None, dialect: str | None
) -> int:
    """Lint ``paths``, then write (or with ``dry_run`` print) what clears the fixable findings.

    Returns 0; existing files are never overwritten (one that is in the way is reported, 1).
    """
    from schemalint.files import write_output
    from schemalint.run import RunOptions, lint_paths

    options = RunOptions(paths=paths or (Path(),), config_path=config_path, dialect=dialect)
    discovery, config, result, _ = lint_paths(options, Path.cwd())

    the_plan = plan(discovery, dict(result.catalogs), result.findings, model_for(config))
    verb = "would write" if dry_run else "wrote"
    code = 0
    for new in the_plan.files:
        if new.path.exists():
            print(f"schemalint: {new.display} exists; not overwritten", file=sys.stderr)
            code = 1
            continue
        print(f"schemalint: {verb} {new.display} ({', '.join(new.codes)})")
        if dry_run:
            print(new.text, end="")
            continue
        new.path.parent.mkdir(parents=True, exist_ok=True)
        write_output(new.path, new.text)
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
    for note in the_plan.notes:
        print(f"schemalint: {note}")
    if the_plan.empty and not the_plan.notes:
        print("schemalint: nothing to fix")
    return code
