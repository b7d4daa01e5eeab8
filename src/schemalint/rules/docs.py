"""Rule pages (``rules/SLxxx-<name>.md``): where they are, their URL, and plain-text renderings.

The pages are the one source of a rule's documentation: SARIF ``help`` and
``schemalint rule CODE`` both read them. They are found inside the installed package
(``schemalint/rule_pages``, when the wheel bundles them) or in a source checkout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from schemalint.frozen import frozen
from schemalint.rules.base import Rule

RULE_DOCS_BASE = "https://github.com/schemalint/schemalint/blob/main/rules/"
HEADINGS = (
    "What it does",
    "Why is this bad?",
    "When is it fine?",
    "Example",
    "Use instead",
    "Configuration",
)

_PACKAGE_PAGES = Path(__file__).resolve().parents[1] / "rule_pages"
_CHECKOUT_PAGES = Path(__file__).resolve().parents[3] / "rules"
DEFAULT_ROOTS = (_PACKAGE_PAGES, _CHECKOUT_PAGES)
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def page_name(code: str, name: str) -> str:
    return f"{code}-{name}.md"


def doc_url(code: str, name: str) -> str:
    return RULE_DOCS_BASE + page_name(code, name)


@frozen
class RuleDoc:
    """A parsed rule page: its title, its ``## `` sections in order, and the whole Markdown."""

    title: str
    sections: tuple[tuple[str, str], ...]
    markdown: str

    def section(self, heading: str) -> str:
        for title, body in self.sections:
            if title.lower() == heading.lower():
                return body
        return ""


def parse_rule_doc(markdown: str) -> RuleDoc:
    title = ""
    sections: list[tuple[str, list[str]]] = []
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("# ") and not title and not sections:
            title = line[2:].strip()
        elif not fenced and line.startswith("## "):
            sections.append((line[3:].strip(), []))
        elif sections:
            sections[-1][1].append(line)
    return RuleDoc(
        title,
        tuple((heading, "\n".join(body).strip()) for heading, body in sections),
        markdown,
    )


def load_rule_doc(code: str, name: str, roots: Sequence[Path] = DEFAULT_ROOTS) -> RuleDoc | None:
    """The rule's page, or None when no readable page exists (docs are never fatal)."""
    for root in roots:
        try:
            return parse_rule_doc((root / page_name(code, name)).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return None


def first_paragraph(markdown: str) -> str:
    paragraph = markdown.strip().split("\n\n", 1)[0]
    return markdown_to_text(paragraph).replace("\n", " ").strip()


def markdown_to_text(markdown: str, *, color: bool = False) -> str:
    """Markdown as a terminal or a plain-text field shows it: no markup, code indented."""
    out: list[str] = []
    fenced = False
    for line in markdown.strip().splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            code = "    " + line if line else ""
            out.append(f"{_DIM}{code}{_RESET}" if color and line else code)
            continue
        heading = re.match(r"(#{1,6})\s+(.*)", line)
        if heading:
            text = _inline(heading.group(2))
            if out and out[-1]:
                out.append("")
            out.append(f"{_BOLD}{text}{_RESET}" if color else text)
            if not color:
                out.append(("=" if len(heading.group(1)) == 1 else "-") * len(text))
            continue
        out.append(_inline(line))
    return "\n".join(out).strip() + "\n"


def _inline(line: str) -> str:
    line = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", line)
    return _EMPHASIS.sub(lambda m: m.group(2), line)


def render_for_terminal(
    rule: type[Rule[Any]],
    *,
    color: bool = False,
    roots: Sequence[Path] = DEFAULT_ROOTS,
) -> str:
    """``schemalint rule CODE``: the rule's page as text, or its summary when it has none."""
    doc = load_rule_doc(rule.code, rule.name, roots)
    fix = (
        ", fixable"
        if rule.fixable
        else ", fixable with --unsafe-fixes"
        if rule.unsafe_fixable
        else ""
    )
    header = f"{rule.code} {rule.name} ({rule.severity.value}{fix})"
    link = f"See {doc_url(rule.code, rule.name)}"
    if doc is None:
        return f"{header}\n\n{rule.summary}.\n\n{link}\n"
    body = "\n\n".join(
        markdown_to_text(f"## {heading}\n\n{text}", color=color).rstrip("\n")
        for heading, text in doc.sections
    )
    title = f"{_BOLD}{header}{_RESET}" if color else header
    return f"{title}\n\n{rule.summary}.\n\n{body}\n\n{link}\n"
