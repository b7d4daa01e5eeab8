"""Where a CREATE/ALTER POLICY statement's name and clauses are, with or without the scanner.

A policy needs the span of its name (the third token) and, for each clause, the text between
the brackets after ``USING`` / ``WITH CHECK``. Scanning the statement makes a Python object
per token, most of a policy's conversion. Where the statement holds no comment, no backslash
(an ``E''`` escape) and no ``$`` (a dollar quote), its tokens are separated by
PostgreSQL's blanks and the only text that can hide a bracket or a keyword is a literal
``'...'`` or a quoted name ``"..."`` (each doubling its quote): one regular expression reads
the words and brackets outside them, as the scanner would. Everywhere else the scanner
does. The same holds for the ends of the things a clause's facts point at (``policy_facts``,
for a clause text not seen before): a call's closing bracket, a literal, ``IS NULL``.
"""

from __future__ import annotations

import re

from schemalint.frontends.postgres.plain import BLANKS, comment_free
from schemalint.frontends.postgres.text import Stmt, Tokens, ident_end

_OPEN_PAREN = "ASCII_40"
# One lexeme after blanks: a literal or quoted name (skipped whole), a word, a bracket, or
# any other character.
_LEXEME = re.compile(
    r"""[ \t\n\r\f\v]*(?:'[^']*(?:''[^']*)*'|"[^"]*(?:""[^"]*)*"|((?:[A-Za-z_]|[^\x00-\x7f])(?:[A-Za-z0-9_]|[^\x00-\x7f])*)|([(\[])|([)\]])|[^ \t\n\r\f\v])"""
)
# Everything up to the next bracket outside literals and quoted names.
_TO_BRACKET = re.compile(r"""(?:[^'"()\[\]]+|'[^']*(?:''[^']*)*'|"[^"]*(?:""[^"]*)*")*""")
_HEAD = re.compile(r"CREATE[ \t\n\r\f\v]+POLICY[ \t\n\r\f\v]+", re.IGNORECASE | re.ASCII)
# A word (a keyword or a name as written) starting where matched.
_WORD = re.compile(r"(?:[A-Za-z_]|[^\x00-\x7f])(?:[A-Za-z0-9_]|[^\x00-\x7f])*")
# A literal ``'...'`` and the blanks after it.
_LITERAL = re.compile(r"('[^']*(?:''[^']*)*')[ \t\n\r\f\v]*")


class PolicyText:
    """A policy statement's text, read without the scanner where it is plain (see above)."""

    __slots__ = ("_tokens", "plain", "stmt")

    def __init__(self, stmt: Stmt) -> None:
        self.stmt = stmt
        text, start, end = stmt.piece.text, stmt.start, stmt.end
        self.plain = (
            comment_free(text, start, end)
            and text.find("\\", start, end) < 0
            and text.find("$", start, end) < 0
        )
        self._tokens: Tokens | None = None

    def tokens(self) -> Tokens:
        """The statement's tokens; in a context file scanned without being kept (sub-spans
        of a policy are facts the replay keeps for rules: exact in every file)."""
        if self._tokens is None:
            stmt = self.stmt
            self._tokens = stmt.tokens_in(stmt.start, stmt.end) if stmt.context else stmt.tokens
        return self._tokens

    def name(self) -> tuple[int, int] | None:
        """Where the policy's name (the statement's third token) starts and ends."""
        stmt = self.stmt
        if self.plain:
            text = stmt.piece.text
            head = _HEAD.match(text, stmt.start, stmt.end)
            if head is not None:
                end = ident_end(text, head.end())
                if end > head.end():
                    return head.end(), min(end, stmt.end)
        tokens = self.tokens()
        return (tokens.starts[2], tokens.ends[2]) if len(tokens) > 2 else None

    def clause(self, table: int, words: tuple[str, ...]) -> tuple[int, int] | None:
        """Where the text inside the brackets that follow ``words`` (``USING``, ``WITH
        CHECK``) after the table name at ``table`` starts and ends (its first and last
        token), or ``None`` when the statement has no such clause."""
        if self.plain:
            plain = _plain_clause(self.stmt, table, words)
            if plain is not _UNCLOSED:
                return plain
        tokens = self.tokens()
        sequence = (*words, _OPEN_PAREN)
        found = tokens.find(sequence, tokens.at(table), len(tokens))
        if found < 0:
            return None
        opening = found + len(sequence) - 1
        closing = tokens.matching(opening)
        if closing <= opening + 1:
            return tokens.ends[opening], tokens.ends[opening]
        return tokens.starts[opening + 1], tokens.ends[closing - 1]

    def call_end(self, start: int) -> int | None:
        """The end of the bracket closing the first ``(`` at or after ``start`` (a call's
        name), or ``None`` when no ``(`` follows in the statement."""
        stmt = self.stmt
        if self.plain:
            text, end = stmt.piece.text, stmt.end
            opening = _TO_BRACKET.match(text, start, end).end()  # type: ignore[union-attr]
            if opening < end and text[opening] == "(":
                closing = _closing(text, opening, end)
                if closing >= 0:
                    return closing + 1
        tokens = self.tokens()
        opening = tokens.at(start)
        names = tokens.names
        count = len(names)
        while opening < count and names[opening] != _OPEN_PAREN:
            opening += 1
        if opening >= count:
            return None
        return tokens.ends[tokens.matching(opening)]

    def token_end(self, start: int) -> int:
        """The end of the token starting at ``start`` (a literal, a bracket)."""
        stmt = self.stmt
        if self.plain and start < stmt.end:
            text = stmt.piece.text
            if text[start] in "()[]":
                return start + 1
            literal = _LITERAL.match(text, start, stmt.end)
            # A literal followed by another one may be continued by it: the scanner decides.
            if literal is not None and text[literal.end() : literal.end() + 1] != "'":
                return literal.end(1)
        tokens = self.tokens()
        index = tokens.at(start)
        return tokens.ends[index] if index < len(tokens) else start

    def null_test_end(self, start: int) -> int:
        """The end of ``IS NULL`` (or ``ISNULL``) starting at ``start``."""
        stmt = self.stmt
        if self.plain:
            text, end = stmt.piece.text, stmt.end
            word = _WORD.match(text, start, end)
            spelled = word[0].upper() if word is not None and word[0].isascii() else ""
            if word is not None and spelled == "ISNULL":
                return word.end()
            if word is not None and spelled == "IS":
                following = _LEXEME.match(text, word.end(), end)
                if following is not None and following.group(1) is not None:
                    return following.end()
        tokens = self.tokens()
        index = tokens.at(start)
        if index + 1 < len(tokens) and tokens.names[index] == "IS":
            index += 1
        return tokens.ends[index] if index < len(tokens) else stmt.end


def _plain_clause(stmt: Stmt, table: int, words: tuple[str, ...]) -> tuple[int, int] | None:
    """``PolicyText.clause`` in plain text: the first ``words`` followed by ``(`` at bracket
    depth 0 from the table name on, up to the bracket that closes it."""
    text, end = stmt.piece.text, stmt.end
    matched = 0  # how many of ``words`` the last lexemes spelled
    index = table
    while (lexeme := _LEXEME.match(text, index, end)) is not None:
        word, opens, closes = lexeme.groups()
        index = lexeme.end()
        if closes is not None:
            return _UNCLOSED  # a bracket closing none: the scanner decides
        if opens is None:
            matched = _advance(matched, word, words)
            continue
        opening = index - 1
        closing = _closing(text, opening, end)
        if closing < 0:
            return _UNCLOSED
        if matched == len(words) and opens == "(":
            first = opening + 1
            while first < closing and text[first] in BLANKS:
                first += 1
            if first == closing:
                return opening + 1, opening + 1  # nothing inside
            last = closing
            while text[last - 1] in BLANKS:
                last -= 1
            return first, last
        matched = 0
        index = closing + 1
    return None


def _closing(text: str, index: int, end: int) -> int:
    """The offset of the bracket closing the one at ``index`` (brackets of either kind count,
    as in ``Tokens.matching``), or -1 when none does before ``end``."""
    depth = 0
    while index < end:
        if text[index] in "([":
            depth += 1
        elif text[index] in ")]":
            depth -= 1
            if depth == 0:
                return index
        index = _TO_BRACKET.match(text, index + 1, end).end()  # type: ignore[union-attr]
    return -1


# ``_plain_clause``'s answer for brackets that do not balance in the statement: the scanner
# decides (it never happens in a statement that parsed).
_UNCLOSED = (-1, -1)


def _advance(matched: int, word: str | None, words: tuple[str, ...]) -> int:
    """How many of ``words`` the lexemes spell after one more (``word``: ``None`` for a
    lexeme that is no word): keywords are ASCII, their case is free."""
    if word is None or not word.isascii():
        return 0
    upper = word.upper()
    if matched < len(words) and upper == words[matched]:
        return matched + 1
    return 1 if upper == words[0] else 0
