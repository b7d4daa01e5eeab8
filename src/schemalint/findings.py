"""What rules produce: findings, fixes and severities."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence

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
class Help:
    """A finding's help or message, built when it is read: ``template.format(*args)``.

    A rule reports once per table of a large file, with text that differs per finding only by
    a name or two: the finding keeps the shared template and those names, and the reporter
    builds the text (``Finding.help``, ``Finding.message``) as it writes the finding. A
    message and a help made from the same names share one ``args`` tuple.
    """

    template: str
    args: tuple[str, ...]

    def __str__(self) -> str:
        return self.template.format(*self.args)

    def translate(self, table: Mapping[int, str]) -> Help:
        """``str.translate`` of the text: templates are code, only the names need it."""
        return Help(self.template, tuple(arg.translate(table) for arg in self.args))


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
    it, so that old baselines still match (see ``fingerprint``). ``wording`` and ``advice``
    are the message and the help as the rule gave them, text or a ``Help`` built when read
    (``message``, ``help``).
    """

    code: str
    name: str
    severity: Severity
    wording: str | Help
    span: Span
    advice: str | Help = ""
    fix: Fix | None = None
    suppression: Suppression | None = None
    fingerprint: str = ""
    related: tuple[Related, ...] = ()
    previous_span: Span | None = None

    @property
    def message(self) -> str:
        wording = self.wording
        return wording if wording.__class__ is str else str(wording)

    @property
    def help(self) -> str:
        advice = self.advice
        return advice if advice.__class__ is str else str(advice)

    @property
    def path(self) -> str:
        return self.span.path


def in_report_order(findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` sorted by path, position, code and message (stable): the message, built
    when read, only for the findings that share the rest."""
    keys = [(f.span.path, f.span.start, f.code) for f in findings]
    order = sorted(range(len(findings)), key=keys.__getitem__)
    ordered = [findings[i] for i in order]
    start = 0
    for end in range(1, len(order) + 1):
        if end < len(order) and keys[order[end]] == keys[order[start]]:
            continue
        if end - start > 1:
            ordered[start:end] = sorted(ordered[start:end], key=lambda f: f.message)
        start = end
    return ordered
