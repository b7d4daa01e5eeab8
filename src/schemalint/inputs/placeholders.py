"""Same-length substitution of migration-tool placeholders, so the SQL parses and offsets hold.

psql variables (``:name``, ``:'name'``, ``:"name"``) are only substituted in SQL code, as psql
does: never inside strings, quoted identifiers, dollar quotes or comments, and never in ``::type``
casts or ``:=`` assignments. Flyway placeholders (``${name}``) are substituted everywhere, as
Flyway does.
"""

from __future__ import annotations

import re

from schemalint.inputs.lexing import QUOTED_OPENERS, continues_word, skip_quoted

# Non-ASCII is spelled [^\x00-\x7f], not as the range \x80-\U0010ffff inside a class: such a
# class takes ~10 ms to compile, paid by every run at import.
_FLYWAY = re.compile(r"\$\{([^{}\r\n]*)\}")
_NON_WORD = re.compile(r"\W")
# Cheap pre-check: most files have no psql variable at all, only ``::`` casts.
_PSQL_HINT = re.compile(r""":(?<!::)(?:[A-Za-z_'"]|[^\x00-\x7f])""")
_SPECIAL = re.compile(rf"{QUOTED_OPENERS}|:")
# psql's variable_char: letters, digits, underscore and any non-ASCII character.
_VARIABLE = re.compile(r"(?:[A-Za-z0-9_]|[^\x00-\x7f])+")
_QUOTED_VARIABLE = re.compile(r""":(['"])((?:[A-Za-z0-9_]|[^\x00-\x7f])+)\1""")


def substitute(text: str, *, backslash_strings: bool = False) -> str:
    """``text`` with every placeholder replaced by valid SQL of exactly the same length.

    Args:
        text: SQL source (down sections already masked).
        backslash_strings: whether ``'...'`` strings take backslash escapes (MySQL).
    """
    if "${" in text:
        text = _FLYWAY.sub(_flyway_identifier, text)
    if _PSQL_HINT.search(text) is None:
        return text
    return _substitute_psql(text, backslash_strings)


def _flyway_identifier(match: re.Match[str]) -> str:
    return "_" + _NON_WORD.sub("_", match.group(1)) + "__"


def _substitute_psql(text: str, backslash_strings: bool) -> str:
    pieces: list[str] = []
    copied = 0
    index = 0
    length = len(text)
    while True:
        match = _SPECIAL.search(text, index)
        if match is None:
            break
        start = match.start()
        skipped = skip_quoted(text, start, length, backslash_strings=backslash_strings)
        if skipped is not None:
            index = skipped
        else:
            replacement, index = _variable(text, start)
            if replacement is not None:
                pieces.append(text[copied:start])
                pieces.append(replacement)
                copied = index
    if not pieces:
        return text
    pieces.append(text[copied:])
    return "".join(pieces)


def _variable(text: str, start: int) -> tuple[str | None, int]:
    """The replacement for a psql variable at ``start`` (a colon), and where scanning resumes."""
    following = text[start + 1 : start + 2]
    if following in (":", "="):
        return None, start + 2
    if following in ("'", '"'):
        quoted = _QUOTED_VARIABLE.match(text, start)
        if quoted is None:
            return None, start + 1
        quote, name = quoted.group(1), quoted.group(2)
        return f"{quote}_{name}{quote}", quoted.end()
    # After an identifier, a number or a bracket the colon is an array slice (``a[1:n]``).
    if continues_word(text, start) or text[start - 1 : start] in (")", "]"):
        return None, start + 1
    name_match = _VARIABLE.match(text, start + 1)
    # ``a[:2]`` is a slice; a psql variable named by digits alone would be a strange choice.
    if name_match is None or name_match.group()[0].isdigit():
        return None, start + 1
    return "_" + name_match.group(), name_match.end()
