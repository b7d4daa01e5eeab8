"""Reading the small structured files schemalint relies on, safely: config, baseline, journal.

Whoever wrote such a file, reading it cannot hang, exhaust memory or end in an internal error:
only a regular file is read (a FIFO, a device or a folder is refused before any byte is read),
never more than a size cap, and a document nested deeper than `MAX_DEPTH` levels, an integer
too long to convert or a syntax error is a `DocumentError` — one line, its position when the
parser knows it. Callers add the path and what the file is for.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

KIB = 1024
MIB = 1024 * KIB
# Size caps, far above any real file of each kind (README, "Limits"). A config is a page of
# settings; a baseline holds a few hundred bytes per finding; a drizzle journal, one short
# entry per migration.
MAX_CONFIG_BYTES = 1 * MIB
MAX_BASELINE_BYTES = 64 * MIB
MAX_JOURNAL_BYTES = 16 * MIB
# A replay-cache entry: the catalog of a long history is a few MB.
MAX_CACHE_ENTRY_BYTES = 256 * MIB
# Nesting deeper than this is no config, baseline or journal anyone wrote; it is refused before
# any recursive code (a parser, a validator) can reach Python's recursion limit.
MAX_DEPTH = 100

_Text = TypeVar("_Text")
_Document = TypeVar("_Document")


class DocumentError(Exception):
    """Why a document cannot be used: ``reason`` (one line) and, if known, a 1-based position."""

    def __init__(self, reason: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason

    @property
    def where(self) -> str:
        """``:line:column`` (or ``:line``) to follow a path, or nothing."""
        if self.line is None:
            return ""
        return f":{self.line}:{self.column}" if self.column is not None else f":{self.line}"


class UnreadableDocument(DocumentError):
    """The file could not be read at all: missing, not a regular file, too big, no permission."""


def size_label(limit: int) -> str:
    return f"{limit // MIB} MiB" if limit >= MIB else f"{limit // KIB} KiB"


def read_regular(
    path: Path, limit: int, accept: Callable[[os.stat_result], str | None] | None = None
) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Opened non-blocking and checked before reading, so a FIFO cannot hang the run and
    ``/dev/zero`` cannot fill memory. Raises UnreadableDocument (the reason: the system's
    wording, ``not a regular file``, ``larger than the … limit``, or what ``accept`` said
    about the open file's status: a reason to refuse it, or None).
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise UnreadableDocument(error.strerror or type(error).__name__) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableDocument("not a regular file")
        refused = accept(info) if accept is not None else None
        if refused:
            raise UnreadableDocument(refused)
        too_big = UnreadableDocument(f"larger than the {size_label(limit)} limit")
        if info.st_size > limit:
            raise too_big
        chunks: list[bytes] = []
        size = 0
        # A file that grows while it is read is still cut at the limit.
        while chunk := os.read(descriptor, max(info.st_size + 1, 65536)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise too_big
        return b"".join(chunks)
    except OSError as error:
        raise UnreadableDocument(error.strerror or type(error).__name__) from None
    finally:
        os.close(descriptor)


def read_text(path: Path, limit: int) -> str:
    """`read_regular`, decoded as UTF-8 (a leading byte-order mark is dropped)."""
    data = read_regular(path, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DocumentError("not valid UTF-8", line) from None


def parse_json(text: str | bytes) -> Any:
    """A JSON document, no deeper than `MAX_DEPTH`; DocumentError otherwise."""
    return _parsed("JSON", _decode_json, text)


def parse_yaml(text: str) -> Any:
    """A YAML document (safe loader: plain data only), no deeper than `MAX_DEPTH`."""
    return _parsed("YAML", _decode_yaml, text)


def parse_toml(text: str) -> dict[str, Any]:
    """A TOML document, no deeper than `MAX_DEPTH`."""
    return _parsed("TOML", _decode_toml, text)


def _parsed(kind: str, decode: Callable[[_Text], _Document], text: _Text) -> _Document:
    """What ``decode`` makes of ``text`` (it raises its format's syntax errors as
    DocumentError), no deeper than `MAX_DEPTH`; a parser's own recursion or an integer too
    long to convert is a DocumentError too."""
    try:
        document = decode(text)
    except RecursionError:
        raise _too_deep() from None
    except ValueError as error:
        # int() refuses more than sys.get_int_max_str_digits() digits (4300 by default).
        raise DocumentError(f"invalid {kind}: {_int_problem(error)}") from None
    check_depth(document)
    return document


def _decode_json(text: str | bytes) -> Any:
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DocumentError(f"invalid JSON: {error.msg}", error.lineno, error.colno) from None


def _decode_yaml(text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = ", ".join(part for part in (error.context, error.problem) if part)
        if mark is None:
            raise DocumentError(f"invalid YAML: {problem}") from None
        raise DocumentError(f"invalid YAML: {problem}", mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as error:
        # A ReaderError (a NUL or control character) adds an 'in "<unicode string>"' line.
        problem = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise DocumentError(f"invalid YAML: {problem}") from None


_TOML_POSITION = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")


def _decode_toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        # Without tomli installed (it is only a dependency on 3.10) mypy cannot see it.
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        document: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = _TOML_POSITION.search(message)
        if where is None:
            raise DocumentError(f"invalid TOML: {message}") from None
        line = int(where[1] or max(1, len(text.splitlines())))
        column = int(where[2]) if where[2] else None
        raise DocumentError(f"invalid TOML: {message[: where.start()]}", line, column) from None
    return document


def escape_surrogates(document: str) -> str:
    """JSON text with each lone surrogate as its ``\\udcXX`` escape.

    A file name that is not valid UTF-8 holds its bytes as lone surrogates (Python's
    ``surrogateescape``); in JSON text they can only sit inside strings, where the escape keeps
    the document valid UTF-8 and reads back as the same name.
    """
    if document.isascii() or _encodes(document):
        return document  # the common case, without a search of the whole report
    return re.sub("[\ud800-\udfff]", lambda match: f"\\u{ord(match[0]):04x}", document)


def _encodes(text: str) -> bool:
    """Whether ``text`` is valid UTF-8 as it is (has no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_depth(document: object, limit: int = MAX_DEPTH) -> None:
    """DocumentError if lists and mappings in ``document`` nest more than ``limit`` levels.

    Iterative, so that it cannot itself reach the recursion limit.
    """
    pending: list[tuple[object, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            raise _too_deep(limit)
        pending.extend((child, depth + 1) for child in children)


def _too_deep(limit: int = MAX_DEPTH) -> DocumentError:
    return DocumentError(f"nested more than {limit} levels deep")


def _int_problem(error: ValueError) -> str:
    message = str(error)
    if "integer string conversion" in message:
        return "a number has too many digits"
    return message.splitlines()[0] if message else type(error).__name__
