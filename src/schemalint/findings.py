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


@frozen
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    help: str = ""
    fix: Fix | None = None
    suppression: Suppression | None = None
    fingerprint: str = ""

    @property
    def path(self) -> str:
        return self.span.path
