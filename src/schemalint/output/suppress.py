"""Inline suppressions: ``schemalint-ignore`` comments, and SL002 for the ones that do nothing.

What a comment covers (a finding is covered when its span *starts* inside the range):

- ``-- schemalint-ignore-file SL101: reason`` anywhere in a file: the whole file.
- SQL, on its own line(s) directly above code: from the first code after the comment block
  to the end of the statement that code is in (its ``;``, or the end of the file or function
  body). So a comment above ``CREATE TABLE`` covers its column lines too, and a comment above
  a column line inside it covers the rest of that statement. A blank line between the
  comment and the code breaks the link (the comment then covers nothing, which SL002 says).
  Inside ``DO`` and ``CREATE FUNCTION`` bodies, comments work the same on the body's
  statements.
- SQL, trailing code on its line: that line and, when a statement ends on that line before
  the comment, the whole of that statement.
- Prisma ``// schemalint-ignore``, above (or trailing) a line that opens a block (``model``,
  ``enum``, ...): the whole block; above (or trailing) any other line: that line.

A directive names rules by code or name, separated by commas: ``SL401, soft-delete``; the
reason follows the first colon. When reasons are required, a directive without one does not
suppress anything and is reported as SL002.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING

from schemalint.findings import Finding, Severity, Suppression, in_report_order
from schemalint.frozen import frozen, replace
from schemalint.rules.sl002_unused_suppression import UnusedSuppression
from schemalint.source import SourceFile, Span

if TYPE_CHECKING:
    from schemalint.inputs.comments import Comment, Lexed

_DIRECTIVE = re.compile(r"\s*schemalint-ignore(?P<file>-file)?(?![\w-])")
_SELECTOR = re.compile(r"[^,\s]+")


@frozen
class Selector:
    text: str
    span: Span
    code: str | None


@frozen
class Directive:
    """One ``schemalint-ignore`` comment and the offsets ``[start, end]`` it covers."""

    comment: Span
    selectors: tuple[Selector, ...]
    reason: str
    start: int
    end: int


def _resolve(selector: str, known: Mapping[str, str]) -> str | None:
    code = selector.upper()
    if code in known:
        return code
    by_name = {name: code for code, name in known.items()}
    return by_name.get(selector.lower())


def _parse(
    comment: Comment, source: SourceFile, known: Mapping[str, str]
) -> tuple[bool, tuple[Selector, ...], str] | None:
    match = _DIRECTIVE.match(comment.body)
    if not match:
        return None
    rest = comment.body[match.end() :]
    selectors_text, colon, reason = rest.partition(":")
    rest_offset = comment.body_start + match.end()
    selectors = tuple(
        Selector(
            m.group(0),
            source.span(rest_offset + m.start(), rest_offset + m.end()),
            _resolve(m.group(0), known),
        )
        for m in _SELECTOR.finditer(selectors_text)
    )
    return bool(match.group("file")), selectors, reason.strip() if colon else ""


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end == -1 else end


def _sql_range(comment: Comment, lexed: Lexed) -> tuple[int, int]:
    region = lexed.regions[comment.region]
    text = lexed.text
    if comment.trailing:
        line_start = text.rfind("\n", 0, comment.start) + 1
        ends_before = [e for e in region.statement_ends if e < comment.start]
        if ends_before and ends_before[-1] >= line_start:
            previous = [e for e in ends_before if e < ends_before[-1]]
            start = lexed.next_code(previous[-1] + 1 if previous else region.start, region.end)
            return min(start, line_start), comment.end
        return line_start, comment.end
    target = _next_code_after_block(comment, lexed, region.end)
    if target is None:
        return -1, -1
    ends_after = [e for e in region.statement_ends if e >= target]
    return target, ends_after[0] if ends_after else region.end


def _next_code_after_block(comment: Comment, lexed: Lexed, limit: int) -> int | None:
    """The start of the code on the line right after the comment block, if there is one."""
    text = lexed.text
    line_end = _line_end(text, comment.end)
    while True:
        next_line = line_end + 1
        if next_line >= limit:
            return None
        offset = next_line
        while offset < limit and text[offset] in " \t\r\f\v":
            offset += 1
        if offset >= limit or text[offset] == "\n":
            return None
        if offset in lexed.skips and text.startswith(("--", "//"), offset):
            line_end = _line_end(text, offset)
            continue
        return offset


def _prisma_range(comment: Comment, lexed: Lexed) -> tuple[int, int]:
    text = lexed.text
    if comment.trailing:
        start = text.rfind("\n", 0, comment.start) + 1
    else:
        target = _next_code_after_block(comment, lexed, len(text))
        if target is None:
            return -1, -1
        start = target
    end = _line_end(text, start)
    opening = [b for b in lexed.braces if start <= b < end]
    if opening and lexed.braces[min(opening)] > end:
        return start, lexed.braces[min(opening)] + 1
    return start, end


def directives_in(source: SourceFile, known: Mapping[str, str]) -> tuple[Directive, ...]:
    """Every ``schemalint-ignore`` comment of a file with the range it covers."""
    if "schemalint-ignore" not in source.masked:
        # Most files have none; lexing every file of a long history would cost more than
        # parsing it.
        return ()
    prisma = source.path.endswith(".prisma")
    # Imported here: only files with a suppression comment are lexed.
    from schemalint.inputs.comments import lex_prisma, lex_sql

    lexed = lex_prisma(source.masked) if prisma else lex_sql(source.masked)
    directives = []
    for comment in lexed.comments:
        parsed = _parse(comment, source, known)
        if parsed is None:
            continue
        whole_file, selectors, reason = parsed
        if whole_file:
            start, end = 0, len(source.text)
        elif prisma:
            start, end = _prisma_range(comment, lexed)
        else:
            start, end = _sql_range(comment, lexed)
        directives.append(
            Directive(source.span(comment.start, comment.end), selectors, reason, start, end)
        )
    return tuple(directives)


def _unused(span: Span, message: str, severity: Severity) -> Finding:
    return Finding(
        code=UnusedSuppression.code,
        name=UnusedSuppression.name,
        severity=severity,
        wording=message,
        span=span,
        advice="Remove the suppression, or correct it so that it names the rule it is meant "
        "to silence, on the line directly above the statement (or at the end of its line).",
    )


def apply_suppressions(
    findings: Iterable[Finding],
    sources: Mapping[str, SourceFile],
    *,
    known: Mapping[str, str],
    require_reason: bool = False,
    active_codes: Collection[str] | None = None,
    targets: Collection[str] | None = None,
    unused_severity: Severity | None = Severity.WARNING,
    silenced: Iterable[Finding] = (),
) -> tuple[Finding, ...]:
    """Mark findings covered by a suppression comment, and report directives that did nothing.

    Args:
        silenced: findings that are not reported (a function's body that a later definition
            replaced) but whose suppression comments did their job: not unused.
        known: every rule code a directive may name, mapped to its name.
        require_reason: a directive without a reason suppresses nothing and is SL002.
        active_codes: codes of the rules that ran; a directive naming a rule that did not run
            is not reported as unused (nothing could have matched). ``None``: all ran.
        targets: the files whose directives are checked (others are context). ``None``: all.
        unused_severity: SL002's severity, or ``None`` when SL002 is not selected.
    """
    paths = sorted(targets if targets is not None else sources)
    by_path = {p: directives_in(sources[p], known) for p in paths if p in sources}
    used: set[tuple[str, int, int]] = set()
    result = []
    reported = list(findings)
    for finding in itertools.chain(reported, silenced):
        suppression = None
        for d_index, directive in enumerate(by_path.get(finding.span.path, ())):
            if not directive.start <= finding.span.start <= directive.end:
                continue
            if require_reason and not directive.reason:
                continue
            for s_index, selector in enumerate(directive.selectors):
                if selector.code == finding.code:
                    used.add((finding.span.path, d_index, s_index))
                    suppression = suppression or Suppression(directive.comment, directive.reason)
        # Unsuppressed findings stay the same objects: a copy of each would double them.
        if suppression != finding.suppression:
            finding = replace(finding, suppression=suppression)
        result.append(finding)
    del result[len(reported) :]
    if unused_severity is not None:
        for path, directives in by_path.items():
            result.extend(
                _problems(path, directives, used, require_reason, active_codes, unused_severity)
            )
    return tuple(in_report_order(result))


def _problems(
    path: str,
    directives: Iterable[Directive],
    used: Collection[tuple[str, int, int]],
    require_reason: bool,
    active_codes: Collection[str] | None,
    severity: Severity,
) -> Iterable[Finding]:
    for d_index, directive in enumerate(directives):
        if not directive.selectors:
            yield _unused(directive.comment, "suppression names no rule", severity)
            continue
        for s_index, selector in enumerate(directive.selectors):
            if selector.code is None:
                yield _unused(
                    selector.span,
                    f"suppression names unknown rule `{selector.text}`",
                    severity,
                )
            elif require_reason and not directive.reason:
                yield _unused(
                    selector.span, f"suppression of {selector.code} has no reason", severity
                )
            elif (path, d_index, s_index) not in used and (
                active_codes is None or selector.code in active_codes
            ):
                yield _unused(
                    selector.span,
                    f"suppression of {selector.code} matched no finding",
                    severity,
                )
