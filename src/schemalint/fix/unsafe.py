"""``schemalint fix --unsafe-fixes``: change-rule findings fixed IN PLACE, in the migration that
has them, and only where that migration is not committed yet (git: untracked, or changed
against HEAD): the migration being written. A committed migration may be deployed already;
it is never edited.

What is rewritten, on PostgreSQL (where the runners' transaction models say how a file runs):

- SL502: ``CREATE [UNIQUE] INDEX`` becomes ``CREATE [UNIQUE] INDEX CONCURRENTLY``, where the
  runner then runs it outside a transaction block (else the runner's advice, no edit);
- SL507: ``SET lock_timeout`` before the statement that waits (``SET LOCAL`` where the runner
  runs it in a transaction block);
- SL301: ``SET NOT NULL`` on a column with a DEFAULT: the rule's own fix, a backfill with that
  DEFAULT before it; any other backfill value is the user's to choose ("needs your input");
- SL503: ``ADD CONSTRAINT ... FOREIGN KEY/CHECK`` gets ``NOT VALID`` and a ``VALIDATE
  CONSTRAINT`` in a later transaction; ``SET NOT NULL`` becomes a ``CHECK (col IS NOT NULL)
  NOT VALID``, then (later) its VALIDATE, the ``SET NOT NULL`` (which the validated CHECK
  spares its scan) and the CHECK dropped. "Later" as the runner runs the file: further down
  the same file where each statement commits on its own, else a new migration right after
  the edited one that also takes the statements after the split, so the order is kept.
  PostgreSQL 18's ``SET NOT NULL`` over a NOT VALID not-null constraint becomes its
  ``VALIDATE`` (later, where the constraint was added in the same transaction);
- SL504: the ``VALIDATE CONSTRAINT`` in the transaction of its NOT VALID add taken out and
  run later, as SL503's;
- SL506: ``ADD UNIQUE (cols)`` becomes the unique index built ``CONCURRENTLY`` and the
  constraint added ``USING INDEX``, where the runner runs the index outside a block;
- SL505: no in-place form; the note says what to do instead.

The edits themselves are ``fix.inplace``'s. Each file's rewrite is linted before it is offered:
the rewritten stream must report exactly what it reported before minus the fixed findings (so
the fix converges); else the rewrite without the fixes that need a later transaction is tried,
and the note says what the full one would leave. ``check`` gives the same rewrite as each fixed
finding's fix (SARIF ``fixes[]``, the text ``fix:`` line).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from schemalint.catalog.model import Catalog
from schemalint.engine import FIXED_IN_PLACE
from schemalint.findings import Edit, Finding, Fix
from schemalint.fix.inplace import FilePlanner, Part, SplitFile
from schemalint.frozen import frozen, replace
from schemalint.inputs.discovery import Discovery, Stream, migration_source
from schemalint.source import SourceFile, Span

if TYPE_CHECKING:
    from schemalint.config import Config


# Each rewritten file costs ``check`` a lint of its history: in a repository where nothing is
# committed yet every migration would be, so ``check`` plans (and shows) in-place fixes only
# for this many files; ``fix --unsafe-fixes`` plans them all.
CHECK_PLANS_AT_MOST = 8


@frozen
class InPlace:
    """The new text of a migration that is not committed, and what changed (for the output)."""

    path: Path
    display: str
    original: str
    text: str
    changes: tuple[str, ...]
    split: SplitFile | None = None


@frozen
class InPlacePlan:
    """The rewrites (with the new files their splits need), why other findings are left,
    and each fixed finding's fix as ``check`` shows it (keyed by code and span)."""

    rewrites: tuple[InPlace, ...] = ()
    notes: tuple[str, ...] = ()
    fixes: tuple[tuple[tuple[str, Span], Fix], ...] = ()


def plan_in_place(
    discovery: Discovery,
    catalogs: dict[Path, Catalog],
    findings: Sequence[Finding],
    config: Config,
    cwd: Path,
    most: int | None = None,
    asked: Sequence[frozenset[Path] | None] = (),
) -> InPlacePlan:
    """The in-place rewrites of the findings ``FIXED_IN_PLACE`` in uncommitted migrations
    (none when more than ``most`` files would be rewritten). ``asked``: git's answer to what
    is uncommitted, when it was asked already (``[answer]``)."""
    from schemalint.fix import settings_for_streams
    from schemalint.inputs.changed import uncommitted_files

    todo = [f for f in findings if f.code in FIXED_IN_PLACE and f.suppression is None]
    stream_of = {source.path: stream for stream in discovery.streams for source in stream.files}
    source_of = {source.path: source for stream in discovery.streams for source in stream.files}
    todo = [f for f in todo if f.path in stream_of]
    if not todo:
        return InPlacePlan()
    uncommitted = asked[0] if asked else uncommitted_files(cwd)
    by_file: dict[str, list[Finding]] = {}
    notes: list[str] = []
    for finding in todo:
        stream = stream_of[finding.path]
        if uncommitted is None or (cwd / finding.path).resolve() not in uncommitted:
            instead = "build the index" if finding.code == "SL502" else "make the change"
            notes.append(
                f"{_where(source_of[finding.path], finding)}: {finding.code} not fixed: the migration is committed "
                f"(or git cannot say it is not), and may be deployed: {instead} in a new migration"
            )
        elif not stream.dialect.behaviour.transaction_models:
            notes.append(
                f"{_where(source_of[finding.path], finding)}: {finding.code} not fixed: in-place fixes are made "
                "in PostgreSQL migrations only"
            )
        else:
            by_file.setdefault(finding.path, []).append(finding)
    if most is not None and len(by_file) > most:
        return InPlacePlan()
    settings_of = settings_for_streams(config)
    rewrites: list[InPlace] = []
    fixes: list[tuple[tuple[str, Span], Fix]] = []
    for display, file_findings in by_file.items():
        stream = stream_of[display]
        source = source_of[display]
        catalog = catalogs.get(stream.root)
        planner = FilePlanner(stream, source, catalog, settings_of(stream))
        parts, file_notes = planner.parts(file_findings)
        notes.extend(file_notes)
        if not parts:
            continue
        rewrite, parts, why_not = _converged(planner, parts, discovery, findings, config, cwd)
        notes.extend(why_not)
        if rewrite is None:
            continue
        split = rewrite.split
        rewrites.append(rewrite)
        edits = (_edit(rewrite), *((Edit(Span(split.display, 0, 0), split.text),) if split else ()))
        for part in parts:
            where = f" (and the new migration `{split.display}`)" if split else ""
            description = f"With `schemalint fix --unsafe-fixes`{where}: {part.change}"
            fixes.append(((part.finding.code, part.finding.span), Fix(description, edits)))
    return InPlacePlan(tuple(rewrites), tuple(notes), tuple(fixes))


def with_in_place_fixes(
    discovery: Discovery,
    catalogs: dict[Path, Catalog],
    findings: Sequence[Finding],
    config: Config,
    cwd: Path | None,
    uncommitted: Sequence[frozenset[Path] | None] = (),
) -> list[Finding]:
    """``findings`` with each change-rule finding's fix as ``fix --unsafe-fixes`` makes it:
    the rewrite of its (uncommitted) migration, and the new migration a split needs; no fix
    where ``fix`` edits nothing (a committed migration, a fix that needs the user's input),
    nor where more than ``CHECK_PLANS_AT_MOST`` migrations would be rewritten.
    ``uncommitted``: what git said is uncommitted, when it was asked already (``[answer]``)."""
    planned = plan_in_place(
        discovery,
        catalogs,
        findings,
        config,
        cwd or Path.cwd(),
        CHECK_PLANS_AT_MOST,
        uncommitted,
    )
    fixes = dict(planned.fixes)
    changed = []
    for finding in findings:
        if finding.code in FIXED_IN_PLACE:
            fix = fixes.get((finding.code, finding.span))
            if fix is not finding.fix:  # one without a fix that gets none is not copied
                finding = replace(finding, fix=fix)
        changed.append(finding)
    return changed


def _where(source: SourceFile, finding: Finding) -> str:
    return f"{finding.path}:{source.position(finding.span.start).line}"


def _edit(rewrite: InPlace) -> Edit:
    """The rewrite as one edit of the original: the changed middle, common ends left out."""
    old, new = rewrite.original, rewrite.text
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return Edit(Span(rewrite.display, start, len(old) - end), new[start : len(new) - end])


def _converged(
    planner: FilePlanner,
    parts: Sequence[Part],
    discovery: Discovery,
    before: Sequence[Finding],
    config: Config,
    cwd: Path,
) -> tuple[InPlace | None, list[Part], list[str]]:
    """The rewrite of the file with ``parts`` that converges, the parts it makes, and why
    the others are not made. Where no rewrite with every part converges, the one without
    the parts that need a later transaction is tried (a lock_timeout does not need one)."""
    source = planner.source
    outcome = _attempt(planner, parts, discovery, before, config, cwd)
    if isinstance(outcome, InPlace):
        return outcome, list(parts), []
    alone = [part for part in parts if not part.later]
    if alone and len(alone) < len(parts):
        retry = _attempt(planner, alone, discovery, before, config, cwd)
        if isinstance(retry, InPlace):
            codes = _codes(part for part in parts if part.later)
            return retry, alone, [f"{source.path}: {codes} not fixed: {outcome}"]
    return None, [], [f"{source.path}: {_codes(parts)} not fixed: {outcome}"]


def _codes(parts: Iterable[Part]) -> str:
    return ", ".join(sorted({part.finding.code for part in parts}))


def _attempt(
    planner: FilePlanner,
    parts: Sequence[Part],
    discovery: Discovery,
    before: Sequence[Finding],
    config: Config,
    cwd: Path,
) -> InPlace | str:
    """The first rewrite of the file whose stream then reports exactly what it reported
    before minus the fixed findings; else why none is made."""
    source = planner.source
    fixed = {(part.finding.code, part.finding.span) for part in parts}
    why = "the VALIDATE needs a transaction after this file's"
    candidates = planner.candidates(parts)
    for text, split in candidates:
        difference = _difference(
            planner.stream, source.path, text, split, discovery, before, fixed, config, cwd
        )
        if difference:
            why = f"the rewrite {difference}"
        else:
            changes = tuple(
                f"{source.path}:{planner.line(part.finding.span.start)}: "
                f"{part.finding.code}: {part.change}"
                for part in parts
            )
            return InPlace(cwd / source.path, source.path, source.text, text, changes, split)
    if not any(part.later for part in parts):
        return why
    if planner.run is not None and planner.run.shared and planner.model is not None:
        return why + (
            f", and {planner.model.runner_in_text} runs every pending migration in one transaction: "
            "VALIDATE in a migration of a later deploy"
        )
    if all(split is None for _, split in candidates):
        why += (
            ", and no new migration can follow it (the next version is taken, or the cut "
            "would fall inside a `-- +goose StatementBegin` block): write the VALIDATE into a "
            "migration of its own"
        )
    return why


def _difference(
    stream: Stream,
    display: str,
    text: str,
    split: SplitFile | None,
    discovery: Discovery,
    before: Sequence[Finding],
    fixed: set[tuple[str, Span]],
    config: Config,
    cwd: Path,
) -> str:
    """What linting the stream with ``display`` rewritten (and ``split`` after it) reports
    beyond the findings before minus ``fixed``, as a clause ("" when nothing)."""
    from schemalint.engine import lint

    files: list[SourceFile] = []
    for source in stream.files:
        if source.path != display:
            files.append(source)
            continue
        files.append(migration_source(display, text, stream.tool, stream.dialect))
        if split is not None:
            files.append(migration_source(split.display, split.text, stream.tool, stream.dialect))
    rewritten = replace(stream, files=tuple(files))
    paths = {source.path for source in files}
    targets = (discovery.targets & paths) | {display} | ({split.display} if split else set())
    result = lint(
        Discovery((rewritten,), discovery.prisma_schemas, frozenset(paths)),
        config,
        cwd=cwd,
        fixes=False,
    )
    moved = {display} | ({split.display} if split else set())

    def key(finding: Finding) -> tuple[object, ...]:
        where: tuple[object, ...] = (finding.path, finding.span.start, finding.span.end)
        if finding.path in moved:
            where = ("",)
        return (finding.code, finding.message, finding.suppression is not None, *where)

    expected = Counter(
        key(f) for f in before if f.path in targets and (f.code, f.span) not in fixed
    )
    after = Counter(key(f) for f in result.findings if f.path in targets)
    extra = after - expected
    if extra:
        code, message = next(iter(extra))[:2]
        return f"would leave or add {code}: {message}"
    missing = expected - after
    if missing:
        code, message = next(iter(missing))[:2]
        return f"would also clear {code} ({message}), which it does not fix"
    return ""
