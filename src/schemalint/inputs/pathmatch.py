"""Gitignore-style path patterns, for the ``exclude`` setting.

Semantics follow gitignore: a pattern with a ``/`` other than a trailing one is anchored to the
root, otherwise it matches at any depth; a trailing ``/`` matches folders only; ``*`` and ``?``
never match ``/``; ``**`` as a whole segment spans folders; ``!`` re-includes; the last matching
pattern wins; and a file inside an excluded folder cannot be re-included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from schemalint.frozen import frozen


@frozen
class _Pattern:
    regex: re.Pattern[str]
    negated: bool
    dir_only: bool


@frozen
class PathMatcher:
    patterns: tuple[_Pattern, ...] = ()

    @classmethod
    def compile(cls, lines: Iterable[str]) -> PathMatcher:
        """Compile patterns; a malformed one raises ``ValueError`` saying what is wrong."""
        compiled = []
        for line in lines:
            pattern = _compile(line)
            if pattern is not None:
                compiled.append(pattern)
        return cls(tuple(compiled))

    @property
    def has_dir_patterns(self) -> bool:
        return any(pattern.dir_only for pattern in self.patterns)

    def excludes(self, parts: Sequence[str], is_dir: bool) -> bool:
        """Whether the relative path ``parts`` (``is_dir``: a folder) is excluded."""
        for depth in range(1, len(parts)):
            if self._verdict("/".join(parts[:depth]), is_dir=True):
                return True
        return bool(parts) and self._verdict("/".join(parts), is_dir=is_dir)

    def _verdict(self, path: str, *, is_dir: bool) -> bool:
        excluded = False
        for pattern in self.patterns:
            if pattern.dir_only and not is_dir:
                continue
            if pattern.regex.fullmatch(path):
                excluded = not pattern.negated
        return excluded


def _compile(line: str) -> _Pattern | None:
    text = _strip_trailing_spaces(line)
    if not text or text.startswith("#"):
        return None
    negated = text.startswith("!")
    if negated:
        text = text[1:]
    dir_only = text.endswith("/")
    if dir_only:
        text = text.rstrip("/")
    anchored = "/" in text
    text = text.lstrip("/")
    if not text:
        return None
    body = _translate(text)
    prefix = "" if anchored else "(?:.*/)?"
    try:
        regex = re.compile(f"(?s){prefix}{body}")
    except re.error as error:
        raise ValueError(error.msg) from None
    return _Pattern(regex, negated, dir_only)


def _strip_trailing_spaces(line: str) -> str:
    # gitignore drops trailing spaces unless the last one is escaped with a backslash.
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(line):
        return stripped + " "
    return stripped


def _translate(text: str) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "*":
            run_end = i
            while run_end < n and text[run_end] == "*":
                run_end += 1
            whole_segment = (i == 0 or text[i - 1] == "/") and (
                run_end == n or text[run_end] == "/"
            )
            if run_end - i >= 2 and whole_segment:
                if run_end == n:
                    out.append(".*")
                    i = run_end
                else:
                    out.append("(?:.*/)?")
                    i = run_end + 1
            else:
                out.append("[^/]*")
                i = run_end
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[":
            translated, i = _bracket(text, i)
            out.append(translated)
        elif char == "\\" and i + 1 < n:
            out.append(re.escape(text[i + 1]))
            i += 2
        else:
            out.append(re.escape(char))
            i += 1
    return "".join(out)


def _bracket(text: str, start: int) -> tuple[str, int]:
    """Translate the ``[...]`` class at ``start``; an unclosed ``[`` is a literal."""
    i = start + 1
    negated = i < len(text) and text[i] in "!^"
    if negated:
        i += 1
    members: list[str] = []
    first = True
    while i < len(text) and (text[i] != "]" or first):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            members.append(re.escape(text[i + 1]))
            i += 2
        else:
            members.append(char if char == "-" else re.escape(char))
            i += 1
        first = False
    if i >= len(text):
        return re.escape("["), start + 1
    content = "".join(members)
    # A class never matches the path separator, as with fnmatch(FNM_PATHNAME).
    translated = f"[^/{content}]" if negated else f"(?!/)[{content}]"
    return translated, i + 1
