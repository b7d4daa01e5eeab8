"""``json.dumps(value, indent=2)`` text, made faster: the C encoder writes the flat parts.

With ``indent`` set, the standard library encodes in pure Python (the C encoder takes no
indent before Python 3.13); a report of tens of thousands of findings then spends most of
its time there. ``dumps`` gives the same text: containers are laid out here, and every
container holding only scalars (a finding's entry, a position) goes to the C encoder in one
call with separators that carry the newline and indentation. Anything this does not lay out
the way ``json.dumps`` would (a key that is not a string) falls back to ``json.dumps``.
Values must be trees (the reporters build them fresh): a cycle is not detected here.

``dump`` writes the same text in pieces to a callable as it goes: an array given as
``Streamed(items)`` is laid out one item at a time, each item made only when it is written, so
a report of hundreds of thousands of findings never exists whole in memory (neither as
entries nor as text).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

_INDENT = "  "
# The types written by the C encoder as they are (a subclass, such as a str enum, takes the
# general path: the same text, found more slowly).
_SCALARS = frozenset({str, int, float, bool, type(None)})
# How many pieces of text ``dump`` gathers before it hands them on as one.
_PIECES = 4096


class Streamed:
    """A JSON array whose items are made while it is written (``items`` is iterated once)."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


class _Fallback(Exception):
    """A value ``json.dumps`` lays out differently than here: use ``json.dumps`` itself."""


def _encoder(
    *, ensure_ascii: bool, sort_keys: bool, separators: tuple[str, str] | None
) -> Callable[[Any], str]:
    """``JSONEncoder(...).encode``, straight to the C encoder when there is one (``encode``
    builds a new one on every call, which costs more than encoding a finding's entry)."""
    encoder = json.JSONEncoder(
        ensure_ascii=ensure_ascii, sort_keys=sort_keys, separators=separators
    )
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return encoder.encode
    strings: Callable[[str], str] = (
        json.encoder.encode_basestring_ascii if ensure_ascii else json.encoder.encode_basestring
    )
    # As ``JSONEncoder.iterencode`` makes it for a one-shot encode (circular check included).
    encode = make(
        {},
        encoder.default,
        strings,
        None,
        encoder.key_separator,
        encoder.item_separator,
        sort_keys,
        False,
        True,
    )

    def run(value: Any) -> str:
        if isinstance(value, str):
            return strings(value)
        return "".join(encode(value, 0))

    return run


class _Writer:
    def __init__(
        self, *, ensure_ascii: bool, sort_keys: bool, sink: Callable[[str], object] | None = None
    ) -> None:
        self.sink = sink
        self.ensure_ascii = ensure_ascii
        self.sort_keys = sort_keys
        self.scalar = _encoder(ensure_ascii=ensure_ascii, sort_keys=sort_keys, separators=None)
        self.flat: dict[int, Any] = {}
        self.keys: dict[str, str] = {}
        self.chunks: list[str] = []

    def _flat(self, level: int) -> Any:
        """An ``encode`` whose item separator starts the next line at ``level``."""
        encode = self.flat.get(level)
        if encode is None:
            encode = self.flat[level] = _encoder(
                ensure_ascii=self.ensure_ascii,
                sort_keys=self.sort_keys,
                separators=(",\n" + _INDENT * level, ": "),
            )
        return encode

    def write(self, value: Any, level: int) -> None:
        chunks = self.chunks
        if isinstance(value, dict):
            if not value:
                chunks.append("{}")
                return
            inner = _INDENT * (level + 1)
            if _SCALARS.issuperset(map(type, value.values())):
                # Only scalars: no newline inside any of them, so the C encoder's text with
                # ",\n<indent>" between items is the indented text once the braces are moved.
                text = self._flat(level + 1)(value)
                chunks.append("{\n" + inner + text[1:-1] + "\n" + _INDENT * level + "}")
                return
            items = sorted(value.items()) if self.sort_keys else value.items()
            chunks.append("{")
            first = True
            keys = self.keys
            for key, item in items:
                encoded = keys.get(key)
                if encoded is None:
                    if not isinstance(key, str):
                        raise _Fallback
                    # The same few keys in every entry: each is encoded once.
                    encoded = keys[key] = self.scalar(key)
                chunks.append(("\n" if first else ",\n") + inner + encoded + ": ")
                first = False
                self.write(item, level + 1)
            chunks.append("\n" + _INDENT * level + "}")
        elif isinstance(value, (list, tuple)):
            if not value:
                chunks.append("[]")
                return
            inner = _INDENT * (level + 1)
            if _SCALARS.issuperset(map(type, value)):
                text = self._flat(level + 1)(value)
                chunks.append("[\n" + inner + text[1:-1] + "\n" + _INDENT * level + "]")
                return
            chunks.append("[")
            first = True
            for item in value:
                chunks.append(("\n" if first else ",\n") + inner)
                first = False
                self.write(item, level + 1)
            chunks.append("\n" + _INDENT * level + "]")
        elif isinstance(value, Streamed):
            self._streamed(value, level)
        else:
            chunks.append(self.scalar(value))

    def _streamed(self, value: Streamed, level: int) -> None:
        """The array laid out as a list's (the flat layout of scalars is the same text)."""
        chunks = self.chunks
        inner = _INDENT * (level + 1)
        first = True
        for item in value.items:
            chunks.append(("[\n" if first else ",\n") + inner)
            first = False
            self.write(item, level + 1)
            if self.sink is not None and len(chunks) >= _PIECES:
                self.sink("".join(chunks))
                chunks.clear()
        chunks.append("[]" if first else "\n" + _INDENT * level + "]")


def dumps(value: Any, *, ensure_ascii: bool = True, sort_keys: bool = False) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=..., sort_keys=...)``, the same text."""
    writer = _Writer(ensure_ascii=ensure_ascii, sort_keys=sort_keys)
    try:
        writer.write(value, 0)
    except _Fallback:
        return json.dumps(value, indent=2, ensure_ascii=ensure_ascii, sort_keys=sort_keys)
    return "".join(writer.chunks)


def dump(
    value: Any,
    write: Callable[[str], object],
    *,
    ensure_ascii: bool = True,
    sort_keys: bool = False,
) -> None:
    """``dumps(value, ...)``'s text handed to ``write`` in pieces, with ``Streamed`` arrays
    laid out item by item. Every key must be a string (a TypeError otherwise: the text
    already written cannot fall back to ``json.dumps``)."""
    writer = _Writer(ensure_ascii=ensure_ascii, sort_keys=sort_keys, sink=write)
    try:
        writer.write(value, 0)
    except _Fallback:
        raise TypeError("dump takes string keys only") from None
    write("".join(writer.chunks))
