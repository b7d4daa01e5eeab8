"""What rules produce: findings, fixes and severities."""

from __future__ import annotations

import enum

from schemalint.frozen import frozen
from schemalint.source import Span


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@frozen
class Edit:
    """Replace the text at ``span`` with ``replacement`` (an insertion when the span is empty)."""

    span: Span
    replacement: str


@frozen
class Fix:
    description: str
    edits: tuple[Edit, ...]


@frozen
class Suppression:
    """Why a finding is suppressed in source: the comment's span and its reason."""

    span: Span
    reason: str


# The related location of a finding reported away from the object's definition.
DEFINED_HERE = "defined here"


@frozen
class Related:
    """Another place that explains a finding (its object's definition, ...)."""

    span: Span
    message: str


@frozen
class Finding:
    """A problem at ``span``; ``related`` are other places that explain it.

    A schema finding sits at the statement that made it true; when that is not the object's
    definition, the definition is a related location (message ``DEFINED_HERE``).
    ``previous_span`` is where schemalint placed the finding before findings moved to the
    statement that made them (``None``: at ``span``); the previous fingerprint scheme hashed
    it, so that old baselines still match (see ``fingerprint``).
    """

    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    help: str = ""
    fix: Fix | None = None
    suppression: Suppression | None = None
    fingerprint: str = ""
    related: tuple[Related, ...] = ()
    previous_span: Span | None = None

    @property
    def path(self) -> str:
        return self.span.path
