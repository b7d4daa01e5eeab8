"""The edits of one uncommitted migration for ``fix --unsafe-fixes`` (see ``fix.unsafe``): each
finding's part (text edits on the original, statements for a later transaction), and the
candidate texts of the file (and of the new migration a split needs) that ``fix.unsafe``
lints before one is offered."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from schemalint import ir
from schemalint.catalog.model import Catalog
from schemalint.findings import Finding
from schemalint.frozen import frozen
from schemalint.inputs.discovery import Stream
from schemalint.rules._naming import quote_identifier
from schemalint.rules._safety import how_to_run_alone, not_null_constraint
from schemalint.rules.base import Settings
from schemalint.source import SourceFile, Span
from schemalint.tools.transactions import FileRun, TransactionModel

_CREATE_INDEX = re.compile(r"CREATE\s+(?:UNIQUE\s+)?INDEX\b(?!\s+CONCURRENTLY\b)", re.IGNORECASE)
_WORD = " CONCURRENTLY"
_PLAIN_UNIQUE = re.compile(
    r"(?:CONSTRAINT\s+(?:\w+|\"[^\"]+\")\s+)?UNIQUE\s*\([^()]*\)", re.IGNORECASE
)
_MAX_IDENTIFIER = 63
_GOOSE_BLOCK = re.compile(r"^[ \t]*--[ \t]*\+goose[ \t]+Statement(Begin|End)\b", re.I | re.M)
_SUPPRESSION = re.compile(r"[ \t]*--[ \t]*schemalint-ignore\b(?!-file)", re.IGNORECASE)


@frozen
class SplitFile:
    """A new migration right after an edited one: the later transaction of its fixes
    (``root``: its stream's folder)."""

    path: Path
    display: str
    text: str
    root: Path


@frozen
class Part:
    """One finding's share of a file's rewrite: text edits (start, end, replacement) on the
    original; statements for a later transaction, after top-level statement ``after``."""

    finding: Finding
    edits: tuple[tuple[int, int, str], ...]
    change: str
    later: tuple[str, ...] = ()
    after: int = -1


def _ref_sql(ref: ir.TableRef) -> str:
    name = quote_identifier(ref.name)
    return f"{quote_identifier(ref.schema)}.{name}" if ref.schema else name


class FilePlanner:
    """One uncommitted migration: each finding's edits, and the file they make."""

    def __init__(
        self, stream: Stream, source: SourceFile, catalog: Catalog | None, settings: Settings
    ) -> None:
        from schemalint.rules._segments import file_run, sql_statements

        self.stream = stream
        self.source = source
        self.catalog = catalog
        self.settings = settings
        self.model: TransactionModel | None = settings.transaction_model()
        self.statements = list(stream.dialect.parse(source, context=False))
        self.numbers, self.firsts = sql_statements(self.statements)
        self.texts = [source.masked[s.span.start : s.span.end] for s in self.firsts]
        self.run: FileRun | None = None
        # The statement a session ``SET lock_timeout`` is inserted before, if any.
        self.session_timeout: int | None = None
        if self.model is not None:
            self.run = file_run(self.model, source, self.statements)[0]

    def line(self, offset: int) -> int:
        return self.source.position(offset).line

    def parts(self, findings: Sequence[Finding]) -> tuple[list[Part], list[str]]:
        """Each finding's part of the rewrite, and why the others are not fixed."""
        from schemalint.rules._segments import opens_or_ends_block

        parts: list[Part] = []
        notes: list[str] = []
        blocks = any(opens_or_ends_block(text) for text in self.texts)
        for finding in sorted(findings, key=lambda f: f.span.start):
            index = self._statement_at(finding.span.start)
            where = f"{finding.path}:{self.line(finding.span.start)}: {finding.code}"
            if index is None:
                notes.append(f"{where} not fixed: the statement is not where it was")
                continue
            part = self._part(finding, index, findings, blocks)
            if isinstance(part, str):
                notes.append(f"{where} not fixed{part}")
            else:
                parts.append(part)
        return parts, notes

    def _statement_at(self, offset: int) -> int | None:
        for index, statement in enumerate(self.firsts):
            if statement.span.start <= offset < max(statement.span.end, statement.span.start + 1):
                return index
        return None

    def _own(self, index: int) -> list[ir.Statement]:
        return [s for s, n in zip(self.statements, self.numbers, strict=True) if n == index]

    def _part(
        self, finding: Finding, index: int, findings: Sequence[Finding], blocks: bool
    ) -> Part | str:
        if finding.code == "SL502":
            return self._concurrently(finding, index)
        if finding.code == "SL507":
            return self._lock_timeout(finding, index)
        if finding.code == "SL301":
            return self._backfill(finding, index)
        if finding.code == "SL505":
            return self._no_rewrite_form(index)
        if finding.code == "SL506":
            return self._unique_concurrently(finding, index)
        if blocks:
            return (
                ": the file opens and ends its own transaction blocks (`BEGIN` ... `COMMIT`): "
                "move the VALIDATE after its `COMMIT` by hand"
            )
        own = self._own(index)
        if len(own) != 1:
            return ": the `ALTER TABLE` does more than this: give it a statement of its own first"
        statement = own[0]
        if isinstance(statement, ir.AddConstraint):
            return self._not_valid(finding, index, statement)
        if isinstance(statement, ir.SetNotNull):
            return self._check_first(finding, index, statement, findings)
        if isinstance(statement, ir.ValidateConstraint):
            validate = (
                f"ALTER TABLE {_ref_sql(statement.table)} VALIDATE CONSTRAINT "
                f"{quote_identifier(statement.name)};"
            )
            return self._later_instead(
                finding, index, validate, f"`{validate}` moved to a later transaction"
            )
        return ": no in-place form for this statement"

    def _later_instead(self, finding: Finding, index: int, later: str, change: str) -> Part:
        """Statement ``index`` taken out of the file, and ``later`` run in a transaction
        after its own (SL504's VALIDATE, PostgreSQL 18's pending not-null)."""
        text = self.source.text
        span = self.firsts[index].span
        line = text.rfind("\n", 0, span.start) + 1
        start = line if not text[line : span.start].strip() else span.start
        return Part(
            finding, ((start, _after_statement(text, span.end), ""),), change, (later,), index
        )

    def _concurrently(self, finding: Finding, index: int) -> Part | str:
        statement = self.firsts[index]
        match = _CREATE_INDEX.match(self.source.text, statement.span.start)
        if match is None:
            return ": only CREATE INDEX is rewritten"
        start = statement.span.start
        concurrent = (
            self.source.text[start : match.end()]
            + _WORD
            + self.source.text[match.end() : statement.span.end]
        )
        if self.model is not None:
            texts = [*self.texts[:index], concurrent, *self.texts[index + 1 :]]
            run = self.model.run(self.source.text, texts, self.source.path)
            if run.refused or run.in_transaction(index):
                return f": {how_to_run_alone(self.model, ' '.join(concurrent.split()))}"
        return Part(
            finding,
            ((match.end(), match.end(), _WORD),),
            f"`{' '.join(match.group(0).split())} CONCURRENTLY`",
        )

    def _lock_timeout(self, finding: Finding, index: int) -> Part | str:
        from schemalint.fix.render import LOCK_TIMEOUT

        if self.run is not None and not self.run.one_session and self.model is not None:
            return (
                f", needs your input: {self.model.runner_in_text} may run each statement of this file "
                "on another connection, where a `SET` does not hold: set `lock_timeout` for "
                "the role that runs migrations"
            )
        local = "LOCAL " if self._in_block_with_it(index) else ""
        setting = f"SET {local}lock_timeout = '{LOCK_TIMEOUT}';"
        if not local and self.session_timeout is not None:
            # A session SET already inserted above holds here too (one session: checked).
            line = self.line(self.firsts[self.session_timeout].span.start)
            return Part(finding, (), f"the `{setting}` inserted before line {line} holds here")
        start = _above_suppressions(self.source.text, self.firsts[index].span.start)
        if not local:
            self.session_timeout = index
        return Part(finding, ((start, start, setting + "\n"),), f"`{setting}` before it")

    def _backfill(self, finding: Finding, index: int) -> Part | str:
        if finding.fix is None:
            if any(isinstance(s, ir.AddColumn) for s in self._own(index)):
                return ", needs your input: a DEFAULT for the new column, or the value to backfill it with"
            return ", needs your input: the value to backfill the column with (it has no DEFAULT)"
        edits = tuple(
            (edit.span.start, edit.span.end, edit.replacement) for edit in finding.fix.edits
        )
        updates = " ".join(f"`{e.replacement.strip()}`" for e in finding.fix.edits)
        return Part(finding, edits, f"backfill with the column's DEFAULT first: {updates}")

    def _in_block_with_it(self, index: int) -> bool:
        """Whether a ``SET`` inserted before statement ``index`` runs in the same transaction
        block as it: then ``SET LOCAL`` holds there and ends with the block. (Inserting a
        statement may make one: a file sent as one query string is an implicit transaction
        block once it holds two statements.)"""
        if self.run is None or self.model is None:
            return False
        if self.run.segment(index).in_transaction:
            return True
        texts = [*self.texts[:index], "SET lock_timeout = 0", *self.texts[index:]]
        segment = self.model.run(self.source.text, texts, self.source.path).segment(index)
        return segment.in_transaction and index + 1 in segment

    def _no_rewrite_form(self, index: int) -> str:
        """SL505: a table rewrite has no in-place form that spares the lock: why, per kind."""
        own = self._own(index)
        if any(isinstance(s, ir.AddColumn) for s in own):
            return (
                ", needs your input: add the column without the DEFAULT, `SET DEFAULT` after it "
                "(new rows), and backfill the existing rows in batches whose size is yours"
            )
        if any(isinstance(s, ir.AlterColumnType) for s in own):
            return (
                ", needs your input: no in-place form: add a column of the new type, backfill "
                "it in batches, move the application over, then drop the old one"
            )
        return ": no form of it that spares the lock: run it when the table is idle"

    def _unique_concurrently(self, finding: Finding, index: int) -> Part | str:
        """SL506: ``ADD [CONSTRAINT n] UNIQUE (cols)`` as the unique index built
        CONCURRENTLY, then the constraint added ``USING INDEX`` (a brief lock)."""
        own = self._own(index)
        statement = own[0] if len(own) == 1 else None
        if not isinstance(statement, ir.AddConstraint):
            return ": the `ALTER TABLE` does more than this: give it a statement of its own first"
        constraint = statement.constraint
        if constraint.kind != "unique":
            return (
                ": `ADD PRIMARY KEY ... USING INDEX` sets each nullable key column NOT NULL, "
                "scanning the table under ACCESS EXCLUSIVE: build the unique index "
                "CONCURRENTLY and make the columns NOT NULL first (SL503's fix)"
            )
        text = self.source.text[constraint.span.start : constraint.span.end]
        if _PLAIN_UNIQUE.fullmatch(text) is None or statement.table.only:
            return ": only a plain `UNIQUE (columns)` is rewritten"
        found = self._constraint_named(constraint.span)
        if found is None or found[1]:
            return ": the constraint is not in the schema at the end of the history, or its table is partitioned"
        name = quote_identifier(found[0])
        table = _ref_sql(statement.table)
        columns = ", ".join(quote_identifier(c) for c in constraint.columns)
        build = f"CREATE UNIQUE INDEX CONCURRENTLY {name} ON {table} ({columns})"
        add = f"ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE USING INDEX {name}"
        if self.model is not None:
            texts = [*self.texts[:index], build, add, *self.texts[index + 1 :]]
            run = self.model.run(self.source.text, texts, self.source.path)
            if run.refused or run.in_transaction(index):
                return f": {how_to_run_alone(self.model, build)}"
        span = self.firsts[index].span
        return Part(
            finding,
            ((span.start, span.end, f"{build};\n{add}"),),
            f"`{build};` then `{add};`",
        )

    def _not_valid(self, finding: Finding, index: int, statement: ir.AddConstraint) -> Part | str:
        constraint = statement.constraint
        if constraint.kind not in ("foreign_key", "check") or statement.table.only:
            return ": no in-place form for this constraint"
        found = self._constraint_named(constraint.span)
        if found is None:
            return ": the constraint is not in the schema at the end of the history (dropped or renamed since?)"
        name, partitioned = found
        version = self.settings.postgres_version
        if partitioned and constraint.kind == "foreign_key" and (version is None or version < 18):
            # Measured: PostgreSQL 15 refuses it, 18 adds it.
            return (
                ": before PostgreSQL 18 a foreign key cannot be added NOT VALID to a "
                "partitioned table (set `postgres-version` if yours is 18 or later)"
            )
        end = constraint.span.end
        validate = (
            f"ALTER TABLE {_ref_sql(statement.table)} VALIDATE CONSTRAINT {quote_identifier(name)};"
        )
        return Part(
            finding,
            ((end, end, " NOT VALID"),),
            f"add `{name}` NOT VALID, then `{validate}` in a later transaction",
            (validate,),
            index,
        )

    def _constraint_named(self, span: Span) -> tuple[str, bool] | None:
        """The name PostgreSQL gave the constraint defined at ``span``, and whether its table
        is partitioned (from the schema at the end of the history)."""
        if self.catalog is None:
            return None
        for table in self.catalog.tables.values():
            for constraint in table.constraints:
                if constraint.span == span:
                    return constraint.name, table.partitioned
        return None

    def _check_first(
        self,
        finding: Finding,
        index: int,
        statement: ir.SetNotNull,
        findings: Sequence[Finding],
    ) -> Part | str:
        if statement.constraint is not None or statement.not_valid:
            return ": no in-place form for `ADD CONSTRAINT ... NOT NULL`"
        if finding.message.startswith("`SET NOT NULL` validates"):
            return self._validate_pending(finding, index, statement)
        version = self.settings.postgres_version
        if version is not None and version < 12:
            return (
                f": before PostgreSQL 12 (here {version}) a validated CHECK does not spare the scan"
            )
        span = self.firsts[index].span
        if any(
            f.code == "SL301" and f.fix is None and span.start <= f.span.start < span.end
            for f in findings
        ):
            return ": SL301 on the same statement needs the backfill value first"
        table = _ref_sql(statement.table)
        column = quote_identifier(statement.column)
        name = self._free_name(
            statement.table, f"{statement.table.name}_{statement.column}_not_null"
        )
        helper = quote_identifier(name)
        check = (
            f"ALTER TABLE {table} ADD CONSTRAINT {helper} CHECK ({column} IS NOT NULL) NOT VALID"
        )
        later = (
            f"ALTER TABLE {table} VALIDATE CONSTRAINT {helper};",
            f"ALTER TABLE {table} ALTER COLUMN {column} SET NOT NULL;",
            f"ALTER TABLE {table} DROP CONSTRAINT {helper};",
        )
        return Part(
            finding,
            ((span.start, span.end, check),),
            f"`{check}`, then in a later transaction its VALIDATE, the `SET NOT NULL` (which "
            "the validated CHECK spares its scan) and the CHECK dropped",
            later,
            index,
        )

    def _validate_pending(
        self, finding: Finding, index: int, statement: ir.SetNotNull
    ) -> Part | str:
        """PostgreSQL 18: ``SET NOT NULL`` over a NOT VALID not-null constraint becomes that
        constraint's ``VALIDATE`` (which checks the rows under SHARE UPDATE EXCLUSIVE and
        leaves the column NOT NULL: measured, the ``SET NOT NULL`` is then a no-op). In a
        later transaction where the constraint was added in this one (SL504), else in place."""
        table = (
            self.catalog.table(statement.table.schema, statement.table.name)
            if self.catalog is not None
            else None
        )
        column = table.column(statement.column) if table is not None else None
        if table is None or column is None:
            return ": the column is not in the schema at the end of the history"
        validate = (
            f"ALTER TABLE {_ref_sql(statement.table)} VALIDATE CONSTRAINT "
            f"{quote_identifier(not_null_constraint(table, column))}"
        )
        change = "`{};`{} instead (it leaves the column NOT NULL)"
        added_here = any(
            isinstance(s, ir.SetNotNull)
            and s.not_valid
            and s.table.name == statement.table.name
            and s.column == statement.column
            and (self.run is None or self.run.segment(n) == self.run.segment(index))
            for s, n in zip(self.statements, self.numbers, strict=True)
            if n < index
        )
        if added_here:
            return self._later_instead(
                finding, index, validate + ";", change.format(validate, " in a later transaction")
            )
        span = self.firsts[index].span
        return Part(finding, ((span.start, span.end, validate),), change.format(validate, ""))

    def _free_name(self, ref: ir.TableRef, name: str) -> str:
        """``name`` (cut to PostgreSQL's 63 bytes), numbered past the table's constraints."""
        taken: set[str] = set()
        table = self.catalog.table(ref.schema, ref.name) if self.catalog is not None else None
        if table is not None:
            taken = {c.name for c in table.constraints}
            taken.update(c.not_null_name for c in table.columns if c.not_null_name)
        number = 0
        while True:
            suffix = str(number) if number else ""
            cut = name.encode()[: _MAX_IDENTIFIER - len(suffix)].decode(errors="ignore")
            if cut + suffix not in taken:
                return cut + suffix
            number += 1

    # ------------------------------------------------------------ the rewritten file(s)

    def candidates(self, parts: Sequence[Part]) -> list[tuple[str, SplitFile | None]]:
        """The file's new text, and the new migration a split needs: the later statements
        further down this file first, then in a new migration right after it."""
        from schemalint.fix.naming import migration_right_after, migration_text
        from schemalint.fix.render import LOCK_TIMEOUT

        edits = sorted((e for part in parts for e in part.edits), key=lambda e: (e[0], e[1]))
        later = [s for part in sorted(parts, key=lambda p: p.after) for s in part.later]
        if not later:
            return [(_apply(self.source.text, edits), None)]
        split = max(part.after for part in parts)
        cut = _after_statement(self.source.text, self.firsts[split].span.end)
        timeout = f"SET lock_timeout = '{LOCK_TIMEOUT}';\n"
        splitting = [part for part in parts if part.later]
        codes = ", ".join(sorted({part.finding.code for part in splitting}))
        block = (
            f"-- schemalint fix ({codes}): in a transaction after the one that added "
            f"{'it' if len(splitting) == 1 else 'them'} NOT VALID\n"
            + "".join(f"{statement}\n" for statement in later)
        )
        # Further down this file: with no SET first (VALIDATE waits for no lock that blocks
        # queries; one set above may hold), then with one where the statements may run on the
        # same session (on pooled connections it would not hold).
        # Not where the runner holds the split statement's transaction to the end of the file.
        here = [_apply(self.source.text, [(cut, cut, block), *edits])]
        if self.run is None or self.run.one_session:
            here.append(_apply(self.source.text, [(cut, cut, timeout + block), *edits]))
        segment = self.run.segment(split) if self.run is not None else None
        if segment is not None and segment.in_transaction and segment.stop == len(self.firsts):
            here = []
        in_file: list[tuple[str, SplitFile | None]] = [(text, None) for text in here]
        found = migration_right_after(self.stream, self.source.path, "validate_constraints")
        if found is None:
            return in_file
        path, display = found
        text = self.source.text
        down = _down_section(self.stream, text)
        if down < cut or _open_goose_block(text[:cut]):
            return in_file
        head = [e for e in edits if e[0] < cut]
        # The new file starts with its own lock_timeout: the statements moved with it need none.
        tail = [
            (s - cut, e - cut, r)
            for part in parts
            if part.finding.code != "SL507"
            for s, e, r in part.edits
            if s >= cut
        ]
        rest = _apply(text[cut:down], tail)
        rest = rest.rstrip() + "\n" if rest.strip() else ""
        new = migration_text(self.stream, timeout + block + rest)
        # The down section stays with the file: it undoes the statements moved out, too.
        first = _apply(text[:cut], head) + text[down:]
        return [*in_file, (first, SplitFile(path, display, new, self.stream.root))]


def _down_section(stream: Stream, text: str) -> int:
    """Where the file's down section (goose, dbmate) starts: the line where the tool's mask
    first blanks something; the end of the text when it has none."""
    if stream.tool.mask is None:
        return len(text)
    masked = stream.tool.mask(text)
    start = next((i for i, (a, b) in enumerate(zip(text, masked, strict=True)) if a != b), None)
    return len(text) if start is None else text.rfind("\n", 0, start) + 1


def _open_goose_block(text: str) -> bool:
    """Whether ``text`` ends inside goose's ``-- +goose StatementBegin`` ... ``End``."""
    marks = _GOOSE_BLOCK.findall(text)
    return bool(marks) and marks[-1].lower() == "begin"


def _above_suppressions(text: str, start: int) -> int:
    """Where to insert a statement before the one at ``start``: at its line, above the
    suppression comments right over it (which then keep their statement)."""
    line = text.rfind("\n", 0, start) + 1
    if text[line:start].strip():
        return start
    while line > 0:
        previous = text.rfind("\n", 0, line - 1) + 1
        if _SUPPRESSION.match(text, previous, line - 1) is None:
            break
        line = previous
    return line


def _apply(text: str, edits: Sequence[tuple[int, int, str]]) -> str:
    """``edits`` (on ``text``'s offsets) made; insertions at one offset in their order."""
    pieces: list[str] = []
    at = 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        pieces.append(text[at:start])
        pieces.append(replacement)
        at = max(at, end)
    pieces.append(text[at:])
    return "".join(pieces)


def _after_statement(text: str, end: int) -> int:
    """Where the text after a statement ending at ``end`` starts: after its ``;`` and the
    rest of its line when that is blank."""
    at = end
    while at < len(text) and text[at] in " \t":
        at += 1
    if at < len(text) and text[at] == ";":
        at += 1
    line_end = text.find("\n", at)
    line_end = len(text) if line_end == -1 else line_end
    if not text[at:line_end].strip():
        at = min(line_end + 1, len(text))
    return at
