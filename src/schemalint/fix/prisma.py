"""The migration ``prisma migrate dev`` would generate for a Prisma schema's new ``@@index``
(SL201), written into the schema's migration history."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from schemalint.catalog.model import Catalog
from schemalint.findings import Finding
from schemalint.fix.model import NewFile
from schemalint.fix.naming import NAMING
from schemalint.fix.render import display_path, file_slug, runs_alone
from schemalint.fix.steps import Step
from schemalint.inputs.discovery import Stream
from schemalint.rules._index_fix import relation_names
from schemalint.tools.dialects import behaviour_of
from schemalint.tools.transactions import TransactionModel

if TYPE_CHECKING:
    from schemalint.frontends.prisma import PrismaLoad


def prisma_files(
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
            where = display_path(stream, PurePosixPath())
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
        if behaviour_of(history.dialect).concurrent_index and runs_alone(
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
        relative, _ = naming.render(version, file_slug(group), "", "", False)
        text = "\n".join(f"-- CreateIndex\n{step.statements[0]}\n" for step in group)
        display = f"{folder}/{relative}" if folder else str(relative)
        files.append(NewFile(stream.root / relative, display, text, tuple(group)))
    return files, notes
