"""MySQL/MariaDB and SQLite migrations → IR, through sqlglot.

sqlglot is imported here only, inside ``parse``: PostgreSQL-only runs never pay its import.

The file is tokenized once and split on top-level ``;`` tokens; each statement is parsed from
its own tokens, so one statement sqlglot cannot read becomes ``ir.Unparsable`` and the others are
still converted. Spans come from the tokens (str offsets, see ``frontends.sqlglot.tokens``).

Identifiers are kept as written (quotes removed) in both dialects: MySQL on Linux compares table
names case-sensitively (``lower_case_table_names=0``) and both databases store column and index
names as declared. Neither compares case-insensitively here, so a migration that spells one name
two ways (legal for SQLite and for MySQL columns) is not followed; Prisma never does that.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from schemalint import ir
from schemalint.frontends.sqlglot.parts import Context
from schemalint.frontends.sqlglot.statements import convert, opaque, rename_tables
from schemalint.frontends.sqlglot.tokens import Token, Tokens, kind, split_statements, word
from schemalint.source import SourceFile
from schemalint.tools.dialects import Dialect as SqlDialect

_MISSING = re.compile(r"Missing .+ from \d+:(\d+)$")
_TOKEN_REPR = re.compile(r"<Token token_type: TokenType\.(\w+), text: (.*?), line: .*?>")
# sqlglot's descriptions that speak of the SQL (what was expected, what is unclosed); the
# others name its own classes and functions and are replaced by a plain "syntax error".
_USER_TERMS = re.compile(
    r"^(Expected|Expecting|No closing|Duplicate|Unknown option|Cannot parse property|"
    r"Failed to parse property|Invalid key constraint)\b"
)
_REQUIRED = re.compile(r"^Required keyword: '\w+' missing for ")
_EXPECTING = re.compile(r"^Expect(?:ing|ed) (\S)$")


def parse(source: SourceFile, dialect: SqlDialect) -> tuple[ir.Statement, ...]:
    """Every statement of ``source`` as IR; never raises on bad input.

    sqlglot reads it as the SQL of ``dialect``'s family (``Dialect.behaviour``).
    """
    import sqlglot.expressions as exp
    from sqlglot.dialects.dialect import Dialect
    from sqlglot.errors import SqlglotError, TokenError

    # sqlglot logs a warning for each statement it keeps as an opaque command; that is
    # expected here, not something to print on the user's terminal.
    sqlglot_logger = logging.getLogger("sqlglot")
    if not sqlglot_logger.handlers:
        sqlglot_logger.addHandler(logging.NullHandler())

    engine = Dialect.get_or_raise(dialect.behaviour.name)
    text = source.masked
    bad_from: int | None = None
    try:
        tokens: list[Token] = engine.tokenize(text)
    except TokenError as error:
        bad_from = _bad_offset(text, error)
        tokens = _tokens_before(engine, text, bad_from)
    ranges = split_statements(tokens)
    if bad_from is not None and ranges and kind(tokens[-1]) != "SEMICOLON":
        # The untokenizable spot belongs to the last statement begun: it is bad as a whole.
        bad_from = tokens[ranges.pop()[0]].start
    result: list[ir.Statement] = []
    for first, last in ranges:
        toks = Tokens(source, tokens[first : last + 1])
        ctx = Context(toks, dialect.behaviour, exp)
        try:
            result.extend(_statement(engine, ctx, text, SqlglotError))
        except SqlglotError as error:
            result.append(ir.Unparsable(toks.whole, _message(error)))
        except (AttributeError, IndexError, KeyError, TypeError, ValueError):
            # A shape of sqlglot tree this frontend does not expect: the statement is
            # reported, never a traceback.
            result.append(ir.Unparsable(toks.whole, "statement not understood"))
        except RecursionError:
            # sqlglot parses recursively: thousands of nested parentheses exhaust the stack.
            message = "syntax error: expression nested too deeply"
            result.append(ir.Unparsable(toks.whole, message))
    if bad_from is not None:
        end = max(bad_from + 1, len(text.rstrip()))
        message = "syntax error: unterminated string, quoted identifier or comment"
        result.append(ir.Unparsable(source.span(bad_from, end), message))
    return tuple(result)


def _statement(engine: Any, ctx: Context, text: str, error_type: Any) -> list[ir.Statement]:
    tokens = ctx.toks.tokens
    if len(tokens) == 2 and word(tokens[0]) == "RENAME":
        # sqlglot's tokenizer keeps everything after RENAME as one string token (whose start
        # is wrong): tokenize that text again, padded so that offsets stay those of the file.
        after = tokens[0].end + 1
        padded = " " * after + text[after : tokens[1].end + 1]
        ctx = Context(
            Tokens(ctx.toks.source, [tokens[0], *engine.tokenize(padded)]), ctx.dialect, ctx.exp
        )
        if word(ctx.toks.tokens[1]) != "TABLE":
            return [opaque(ctx)]
        renamed = rename_tables(ctx)
        if renamed is None:
            raise error_type("expected RENAME TABLE <name> TO <name>[, ...]")
        return renamed
    expressions = [e for e in engine.parser().parse(list(tokens), text) if e is not None]
    if len(expressions) != 1:
        return [opaque(ctx)]
    return convert(ctx, expressions[0])


def _bad_offset(text: str, error: Exception) -> int:
    """Where tokenizing failed: sqlglot says it only in the message of the underlying error."""
    found = _MISSING.search(str(error.__cause__ or ""))
    if found:
        return int(found.group(1))
    # No position when the input ends right at the opener (a quote as the last character):
    # the last opener is the best guess; 0 would turn the whole file into one syntax error.
    return max(max(text.rfind(opener) for opener in ("/*", "'", '"', "`")), 0)


def _tokens_before(engine: Any, text: str, offset: int) -> list[Token]:
    """The tokens before an untokenizable spot (an unterminated string...)."""
    from sqlglot.errors import TokenError

    try:
        return list(engine.tokenize(text[:offset]))
    except TokenError:
        return []


def _message(error: Any) -> str:
    details = getattr(error, "errors", None) or []
    if not details:
        return f"syntax error: {error}"
    first = details[0]
    description = _TOKEN_REPR.sub(
        lambda m: "end of statement" if m.group(1) == "SENTINEL" else f'"{m.group(2)}"',
        str(first.get("description", "")),
    )
    # The highlighted token may span lines (a string literal); the message must stay one line.
    near = " ".join(str(first.get("highlight") or "").split())
    suffix = f' (near "{near}")' if near and "end of statement" not in description else ""
    return f"syntax error{_in_user_terms(description)}{suffix}"


def _in_user_terms(description: str) -> str:
    """sqlglot's description of a parse error, without sqlglot's internals (": ..." or "")."""
    if _REQUIRED.match(description):
        return ": incomplete expression"
    if description.startswith("Invalid expression / Unexpected token"):
        return ": unexpected token"
    if "<class" in description or not _USER_TERMS.match(description):
        return ""
    single = _EXPECTING.match(description)
    if single:
        return f': expected "{single.group(1)}"'
    return f": {description[0].lower()}{description[1:]}"
