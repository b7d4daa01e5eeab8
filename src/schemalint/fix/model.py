"""What ``schemalint fix`` plans: the new migration files, the rewrites of a tool's own
files, the edits of Prisma schemas, and the plan that holds them."""

from __future__ import annotations

from pathlib import Path

from schemalint.findings import Edit
from schemalint.fix.steps import Step
from schemalint.frozen import frozen
from schemalint.source import Span


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
