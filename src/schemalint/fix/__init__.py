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
memory (``check.PlanCheck``): a step that would cause a finding, or would not clear its own, is
dropped and noted as needing input, with that finding.

Prisma schema findings become the rule's own edit of the ``.prisma`` file; with a migration
history beside the schema, also the migration ``prisma migrate dev`` would generate for it
(``prisma.prisma_files``), linted with the history's other planned files (a migration that would
cause a finding is dropped with its edit), else the migration is left to ``prisma migrate
dev``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from schemalint.catalog.model import Catalog
from schemalint.engine import FIXED_BY_MIGRATION as FIXED_CODES
from schemalint.findings import Edit, Finding, Fix
from schemalint.fix.check import PlanCheck
from schemalint.fix.model import Key, NewFile, Plan, Rewrite, SchemaEdit
from schemalint.fix.steps import NOTED_CODES, Conventions, Step, pending_validations
from schemalint.frozen import replace
from schemalint.inputs.discovery import Discovery, Stream
from schemalint.source import Span
from schemalint.tools.dialects import POSTGRES

if TYPE_CHECKING:
    from schemalint.config import Config
    from schemalint.fix.unsafe import InPlacePlan
    from schemalint.frontends.prisma import PrismaLoad
    from schemalint.rules.base import Settings


def plan(
    discovery: Discovery,
    catalogs: dict[Path, Catalog],
    findings: Sequence[Finding],
    config: Config,
) -> Plan:
    """The plan that clears ``findings`` (unsuppressed ones of ``FIXED_CODES``), as the rules
    with the project's options ask, each stream's new files linted before they are planned."""
    from schemalint.engine import active_rules, migration_folders
    from schemalint.engine.prisma import load_prisma_schemas

    active = active_rules(config)
    # Each Prisma schema, loaded once, with the folders its migration history may be in.
    schemas = [
        (schema, loaded, migration_folders(schema))
        for schema, loaded in load_prisma_schemas(discovery.prisma_schemas)
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
    check = PlanCheck(discovery.targets, findings, config, active, generated_from)
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
                finding = replace(finding, fix=None)
            elif found:
                new, step = found[0]
                fix = Fix(
                    f"{own.description} and write the new migration `{new.display}`: "
                    f"`{step.statements[0]}`",
                    (*own.edits, _insertion(new)),
                )
                finding = replace(finding, fix=fix)
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
            if fix is not finding.fix:
                # Most findings had no fix and get none: not copied.
                finding = replace(finding, fix=fix)
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
    return replace(
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
