"""A regular-expression PostgreSQL lexer giving ``pglast.parser.scan``'s token boundaries and names.

The frontend scans ~1,100 whole statements of a 500-file history to find where columns,
constraints and clauses end. ``pglast.parser.scan`` spends most of its time in Python: it
encodes every *character* separately to map byte offsets back to str offsets and builds a
named tuple per token. Here one ``findall`` in C splits the text into (blank, token) pairs;
offsets come from their lengths and names from two dictionary lookups per token, both through
C-level ``map``: no Python code runs per token except for numbers, ``$`` tokens and prefixed
literals (``E'...'``, ``U&"..."``), which are few.

The patterns follow PostgreSQL 17's ``scan.l`` (the scanner pglast 8 embeds). Anything the
lexer is not sure of - a character no pattern takes (an unterminated literal or comment, a
nested comment, ``{``, NUL), an escape that PostgreSQL may reject, an over-long operator, an
unfinished number - makes ``lex`` return ``None`` and the caller use pglast's scanner, so the
result never depends on a case not covered here. ``tests/frontends/test_pg_lexer.py`` checks
both against each other on every SQL file of the repository, the benchmark history and random
token soups.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import accumulate, chain, repeat
from operator import itemgetter
from operator import sub as sub_

from schemalint.pglast_parser import keywords

# Keywords whose token (kwlist.h) is spelled with a ``_P`` suffix, to avoid clashing with C
# or bison names.
_P_SUFFIXED = frozenset(
    [
        "abort",
        "absolute",
        "add",
        "begin",
        "boolean",
        "catalog",
        "char",
        "content",
        "continue",
        "conversion",
        "current",
        "data",
        "day",
        "decimal",
        "delete",
        "disable",
        "document",
        "domain",
        "double",
        "empty",
        "enable",
        "end",
        "enum",
        "error",
        "false",
        "first",
        "float",
        "group",
        "header",
        "hour",
        "identity",
        "if",
        "implicit",
        "import",
        "in",
        "inline",
        "inner",
        "input",
        "int",
        "large",
        "last",
        "lateral",
        "lock",
        "minute",
        "month",
        "name",
        "null",
        "nulls",
        "object",
        "objects",
        "out",
        "outer",
        "ref",
        "relative",
        "second",
        "sql",
        "standalone",
        "strict",
        "string",
        "strip",
        "system",
        "text",
        "true",
        "type",
        "types",
        "value",
        "version",
        "whitespace",
        "xml",
        "year",
        "yes",
    ]
)
_KEYWORDS = {
    word: f"{word.upper()}_P" if word in _P_SUFFIXED else word.upper()
    for words in (
        keywords.UNRESERVED_KEYWORDS,
        keywords.COL_NAME_KEYWORDS,
        keywords.TYPE_FUNC_NAME_KEYWORDS,
        keywords.RESERVED_KEYWORDS,
    )
    for word in words
}
_SELF = ",()[].;:+-*/%^<>="
_OPERATORS = {
    "::": "TYPECAST",
    "..": "DOT_DOT",
    ":=": "COLON_EQUALS",
    "=>": "EQUALS_GREATER",
    "<=": "LESS_EQUALS",
    ">=": "GREATER_EQUALS",
    "<>": "NOT_EQUALS",
    "!=": "NOT_EQUALS",
}
# The name of a token spelled this way (keys are lower case, as the lexed text is).
_NAMES = {**_KEYWORDS, **{char: f"ASCII_{ord(char)}" for char in _SELF}, **_OPERATORS}
# A token the dictionary does not know: named after its first character ("IDENT" for a
# letter, ``_`` or non-ASCII); numbers, ``$`` tokens and words that may start a prefixed
# literal are resolved one by one (_MARK).
_MARK = "?"
_FIRST = {
    "'": "SCONST",
    '"': "IDENT",
    ".": "FCONST",  # .5 (a lone "." or ".." is in _NAMES)
    "$": _MARK,
    **dict.fromkeys("0123456789", _MARK),
    # The letters of E'...', B'...', X'...', U&'...', U&"..." and N'...' (rarely so).
    **dict.fromkeys("ebxun", _MARK),
    **dict.fromkeys("~!@#^&|`?+-*/%<>=", "Op"),
}
_PREFIXED = {"e'": "SCONST", "b'": "BCONST", "x'": "XCONST", "u&": "USCONST"}
_INT32_MAX = 2**31 - 1
_SPACE = " \t\n\r\f\v"
_first = itemgetter(0)

# Character classes as negated ASCII ranges: any non-ASCII character is an identifier
# character to PostgreSQL (it tests for bytes >= 0x80), and a class spelling the range
# \x80-\U0010ffff takes ~10 ms to compile, paid by every run at import. One class (not an
# alternation) per character keeps a run of them a single fast repeat in the regex engine.
_IDENT_START = r"[^\x00-\x40\x5b-\x5e\x60\x7b-\x7f]"  # [A-Za-z_] or non-ASCII
_IDENT_CONT = r"[^\x00-\x23\x25-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]"  # also [0-9$]
_TAG_CHAR = r"[^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]"  # [A-Za-z0-9_] or non-ASCII
# Whitespace and comments. Block comments nest in PostgreSQL; this takes only those without a
# "/*" inside, and a nested one leaves a "/" that no token takes (so: pglast). Each part can
# end in one place only (a run of whitespace, a line comment, a block comment at its first
# "*/"), so a token that fails cannot backtrack into a shorter blank and start in a comment,
# and a failure costs linear time.
_BLANK = (
    r"(?:[ \t\n\r\f\v]+(?![ \t\n\r\f\v])|--[^\n\r]*(?![^\n\r])"
    r"|/\*[^*/]*(?:(?:\*+(?![*/])|/(?!\*))[^*/]*)*\*+/)*"
)
# What may separate two parts of one string literal: whitespace holding a newline.
_CONTINUE = r"(?:[ \t\f\v]|--[^\n\r]*)*[\n\r](?:[ \t\n\r\f\v]|--[^\n\r]*[\n\r])*'"


def _literal(opening: str, body: str) -> str:
    """A quoted literal with ``body`` between its quotes, continued across newlines."""
    return rf"{opening}'{body}'(?:{_CONTINUE}{body}')*"


_QUOTED = r"[^']*(?:''[^']*)*"
# Octal, hex and Unicode escapes may spell bytes or code points PostgreSQL rejects.
_ESCAPED = r"[^\\']*(?:(?:\\[^0-7xuU]|'')[^\\']*)*"
_DIGITS = r"[0-9]+(?:_[0-9]+)*"
# After a number, an identifier character is "trailing junk" (an error) and a digit means a
# shorter match than PostgreSQL's: the lookaheads also stop backtracking into a shorter number.
_NOT_JUNK = rf"(?!{_IDENT_CONT})"
_OP_PLAIN = r"(?:[+*<>=]|/(?!\*)|-(?!-))"  # an operator character not starting a comment
_OP_SPECIAL = r"[~!@#^&|`?%]"
# PostgreSQL rejects an operator of 64 characters or more (NAMEDATALEN).
_OPERATOR = (
    r"(?![~!@#^&|`?%+*/<>=-]{64})"
    # The longest run of operator characters, cut before a comment; without any of
    # ~!@#^&|`?% it may not end in + or - (``=-`` is = and -): PostgreSQL strips them.
    rf"(?:{_OP_PLAIN}*{_OP_SPECIAL}(?:{_OP_PLAIN}|{_OP_SPECIAL})*"
    rf"|{_OP_PLAIN}*(?:[*<>=]|/(?!\*))"
    r"|\+|-(?!-))"
)
# Most frequent first; the engine skips an alternative whose first character does not fit.
_TOKENS = (
    # An identifier or keyword; not the letter of E'...', B'...', X'...', U&'...', U&"...":
    # when such a literal does not match below, nothing may match (so: pglast).
    rf"{_IDENT_START}(?!(?<=[bBeExX])'|(?<=[uU])&['\"]|(?<=[nN])'){_IDENT_CONT}*",
    r"[,()\[\];]|::|:=|:|\.\.|\.(?![0-9])",
    _literal("", _QUOTED),
    r'"(?!"(?!"))[^"]*(?:""[^"]*)*"',  # a quoted identifier is never empty
    rf"{_DIGITS}(?!\.|{_IDENT_CONT})",
    rf"{_DIGITS}(?=\.\.)",  # 1..2 is 1, .., 2
    rf"(?:{_DIGITS}\.(?:{_DIGITS})?|\.{_DIGITS}){_NOT_JUNK}",
    rf"(?:{_DIGITS}(?:\.(?:{_DIGITS})?)?|\.{_DIGITS})[eE][+-]?{_DIGITS}{_NOT_JUNK}",
    rf"0[xX](?:_?[0-9A-Fa-f])+{_NOT_JUNK}",
    rf"0[oO](?:_?[0-7])+{_NOT_JUNK}",
    rf"0[bB](?:_?[01])+{_NOT_JUNK}",
    _OPERATOR,
    _literal("[eE]", _ESCAPED),
    _literal("[bB]", "[^']*"),
    _literal("[xX]", "[^']*"),
    _literal("[uU]&", _QUOTED),
    r'[uU]&"(?!"(?!"))[^"]*(?:""[^"]*)*"',
    r"[nN](?=')",  # NCHAR before a plain literal
)
# Both lexers end with an empty token at ``\Z``: the lengths of what ``findall`` returns add
# up to the text's length unless it skipped characters no pattern takes.
#
# Text without comments or "$": matches are whitespace + token, without groups (a group costs
# a tuple and a string per token); the token is the match stripped of whitespace.
_PLAIN = re.compile(rf"[ \t\n\r\f\v]*(?:{'|'.join(_TOKENS)}|\Z)")
# Any text: (blank, token, dollar tag) triples. A dollar quote ends at the first repetition
# of its opening tag; a parameter is $ and digits (ten digits may not fit its int: pglast).
_DOLLAR = (
    rf"\$((?:{_IDENT_START}{_TAG_CHAR}*)?)\$[^$]*(?:\$(?!\3\$)[^$]*)*\$\3\$"
    r"|\$[0-9]{1,9}(?![0-9])"
)


@cache
def _general() -> re.Pattern[str]:
    """Compiled on first use (~15 M instructions): many runs lex no comment and no "$"."""
    return re.compile(rf"({_BLANK})({'|'.join(_TOKENS)}|{_DOLLAR}|\Z)")


_CASED_TAG = re.compile(rf"\${_TAG_CHAR}*[A-Z]")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lex(text: str, start: int, end: int) -> tuple[list[int], list[int], list[str]] | None:
    """Starts, ends (exclusive) and names of the tokens of ``text[start:end]``, comments left
    out, as ``pglast.parser.scan`` gives them; ``None`` where pglast must decide."""
    sub = text[start:end]
    # Keywords are case-insensitive (in ASCII only): lexing the lowered text gives the keys
    # to look names up with.
    lowered = sub.lower() if sub.isascii() else sub.translate(_ASCII_LOWER)
    if "$" in sub or "--" in sub or "/*" in sub:
        return _lex_general(sub, lowered, start)
    matches = _PLAIN.findall(lowered)
    offsets = list(accumulate(map(len, matches), initial=start))
    if offsets[-1] != end:
        return None
    tokens = list(map(str.lstrip, matches, repeat(_SPACE)))
    count = tokens.index("")
    del tokens[count:]
    ends = offsets[1 : count + 1]
    starts = list(map(sub_, ends, map(len, tokens)))
    return starts, ends, _names(tokens, lowered, start, ends)


def _lex_general(
    sub: str, lowered: str, start: int
) -> tuple[list[int], list[int], list[str]] | None:
    if "$" in sub and _CASED_TAG.search(sub):
        # Dollar-quote tags are case-sensitive: lex the text as it is, look names up lowered.
        triples = _general().findall(sub)
    else:
        triples = _general().findall(lowered)
    flat = list(chain.from_iterable(triples))
    lengths = list(map(len, flat))
    lengths[2::3] = repeat(0, len(triples))  # a dollar tag lies inside its token
    offsets = list(accumulate(lengths, initial=start))
    if offsets[-1] != start + len(sub):
        return None
    tokens = flat[1::3]
    count = tokens.index("")
    del tokens[count:]
    ends = offsets[2 : 3 * count : 3]
    keys = list(map(str.translate, tokens, repeat(_ASCII_LOWER)))
    return offsets[1 : 3 * count : 3], ends, _names(keys, lowered, start, ends)


def _names(keys: list[str], lowered: str, start: int, ends: list[int]) -> list[str]:
    """The names of tokens spelled ``keys`` (lower case) in ``lowered`` from ``start``."""
    names = list(map(_NAMES.get, keys, map(_FIRST.get, map(_first, keys), repeat("IDENT"))))
    if _MARK in names:
        _resolve_marked(keys, lowered, start, ends, names)
    return names


def _resolve_marked(
    tokens: list[str], lowered: str, start: int, ends: list[int], names: list[str]
) -> None:
    """Names numbers, ``$`` tokens and words starting with e, b, x, u or n.

    Integers that fit 32 bits are ICONST, other numbers FCONST (as PostgreSQL's
    ``process_integer_literal``); ``$1`` is a PARAM, ``$$...$$`` a string; the N of
    ``N'...'`` is the keyword NCHAR.
    """
    index = names.index(_MARK)
    while True:
        token = tokens[index]
        first = token[0]
        if first == "$":
            names[index] = "PARAM" if token[1] in "0123456789" else "SCONST"
        elif first in "ebxun":
            if token == "n":
                quoted = lowered.startswith("'", ends[index] - start)
                names[index] = "NCHAR" if quoted else "IDENT"
            elif token[1:3] == '&"':
                names[index] = "UIDENT"
            else:
                names[index] = _PREFIXED.get(token[:2], "IDENT")
        elif token[1:2] in ("x", "o", "b"):
            names[index] = "ICONST" if int(token.replace("_", ""), 0) <= _INT32_MAX else "FCONST"
        elif "." in token or "e" in token or int(token.replace("_", "")) > _INT32_MAX:
            names[index] = "FCONST"
        else:
            names[index] = "ICONST"
        try:
            index = names.index(_MARK, index + 1)
        except ValueError:
            return
