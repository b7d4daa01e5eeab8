"""The plan's check: a stream's planned files linted with its history in memory before they
are written; a step that would cause a finding, or would not clear its own, is dropped."""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from schemalint.catalog.model import Catalog
from schemalint.findings import Finding
from schemalint.fix.drizzle import with_journal
from schemalint.fix.model import Key, NewFile, Rewrite
from schemalint.fix.prisma import prisma_files
from schemalint.fix.render import display_path
from schemalint.fix.steps import Conventions, Step
from schemalint.fix.streams import stream_plan
from schemalint.frozen import frozen, replace
from schemalint.inputs.discovery import Stream
from schemalint.source import SourceFile

if TYPE_CHECKING:
    from schemalint.config import Config
    from schemalint.engine import ActiveRule
    from schemalint.frontends.prisma import PrismaLoad


@frozen
class Checked:
    """A stream's linted plan: its files, notes, drizzle-kit's journal, and the findings
    whose steps were dropped."""

    files: list[NewFile]
    notes: list[str]
    journal: Rewrite | None
    dropped: frozenset[Key]


class PlanCheck:
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
        self.findings = findings
        self.config = config
        self.active = active
        # The Prisma schema each history was generated from (its tables are judged there).
        self.generated_from = generated_from

    @functools.cached_property
    def before(self) -> set[Key]:
        """The findings' keys, made when a plan has files to lint (most have none)."""
        return {(f.code, f.span) for f in self.findings}

    def checked(
        self,
        stream: Stream,
        catalog: Catalog,
        findings: Sequence[Finding],
        conventions: Conventions,
        pending: Sequence[Step],
        schema_findings: Sequence[Finding] = (),
    ) -> Checked:
        """The stream's files for ``findings`` (of its history) and ``pending``, then the
        migrations of the ``schema_findings`` of the Prisma schema it was generated from."""
        dropped: dict[Key, str] = {}
        # How to build the out-of-band indexes of the dropped findings (still worth doing).
        carried: list[str] = []
        while True:
            kept = [f for f in findings if (f.code, f.span) not in dropped]
            still = [step for step in pending if step.keys[0] not in dropped]
            advice: dict[Key, list[str]] = {}
            files, notes = stream_plan(stream, catalog, kept, conventions, still, advice)
            files, notes, journal = with_journal(stream, files, notes)
            indexes = [f for f in schema_findings if (f.code, f.span) not in dropped]
            if indexes:
                model = conventions.settings.transaction_model()
                loaded = self.generated_from[stream.root]
                more = prisma_files(stream, loaded, catalog, indexes, len(files), model)
                files, notes = [*files, *more[0]], [*notes, *more[1]]
            caused = self._caused(stream, catalog, files) if files else {}
            fresh = {key: why for key, why in caused.items() if key not in dropped}
            if not fresh:
                kept_notes = list(dict.fromkeys([*notes, *dropped.values(), *carried]))
                return Checked(files, kept_notes, journal, frozenset(dropped))
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
        where = display_path(stream, PurePosixPath())
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
    return replace(
        catalog,
        **{
            field.name: copy.copy(getattr(catalog, field.name))
            for field in dataclasses.fields(catalog)
            if field.init
        },
    )
