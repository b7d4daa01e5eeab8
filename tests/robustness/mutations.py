"""Hypothesis strategies that damage valid input files the way editors, tools and people do.

Every mutation works on bytes, so invalid UTF-8, NUL bytes and a BOM can be written as is.
``region`` bounds a mutation to a part of the file (a statement, a model) so tests can check
that the rest of the file is still linted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st

Mutation = Callable[[bytes], bytes]

_TOKEN = re.compile(rb"\w+|[^\w\s]")

# Pieces that open or close something a parser must track.
SQL_BREAKERS = (
    b"'",
    b'"',
    b"`",
    b"$$",
    b"$fn$",
    b"E'",
    b"/*",
    b"*/",
    b"--",
    b"(",
    b")",
    b";",
    b"\\",
    b"::",
    b"[",
    b"BEGIN",
    b"END",
    b"CASE",
)
PRISMA_BREAKERS = (b"{", b"}", b"(", b")", b"[", b"]", b'"', b"@", b"@@", b"//", b"///", b"=")
CONFIG_BREAKERS = (b"[", b"]", b"{", b"}", b'"', b"'", b":", b"=", b"- ", b"\t", b"#", b"&a", b"*a")

INVALID_UTF8 = (
    b"\xff",
    b"\xfe\xff",
    b"\xc3",  # a lead byte without its continuation
    b"\x80",  # a lone continuation byte
    b"\xc0\xaf",  # overlong encoding of '/'
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xf4\x90\x80\x80",  # above U+10FFFF
)
ODD_TEXT = (
    b"\x00",
    b"\x00\x00\x00",
    b"\xef\xbb\xbf",  # a BOM in the middle of the file
    b"\r",
    b"\r\n",
    b"\t",
    b"\x0c",
    b"\xe2\x80\xa8",  # LINE SEPARATOR: a line break to str.splitlines, not to the tool
    "é—😀".encode(),
)


@dataclass(frozen=True)
class Region:
    """The half-open byte range ``[start, end)`` a mutation may touch (end None: to the end)."""

    start: int = 0
    end: int | None = None

    def bounds(self, data: bytes) -> tuple[int, int]:
        end = len(data) if self.end is None else min(self.end, len(data))
        return min(self.start, end), end


def _nested_parentheses(depth: int) -> bytes:
    return b"SELECT " + b"(" * depth + b"1" + b")" * depth + b";\n"


def _nested_case(depth: int) -> bytes:
    return b"SELECT " + b"CASE WHEN true THEN " * depth + b"1" + b" END" * depth + b";\n"


def _unbalanced_parentheses(depth: int) -> bytes:
    return b"SELECT " + b"(" * depth + b"1;\n"


_DEEP = (
    _nested_parentheses(5000),
    _nested_case(1000),
    _unbalanced_parentheses(5000),
    b"SELECT " + b"1+(" * 3000 + b"1" + b")" * 3000 + b";\n",
    b"CREATE TABLE deep (id int CHECK (" + b"(" * 5000 + b"id > 0" + b")" * 5000 + b"));\n",
    b"DO $$ BEGIN PERFORM " + b"(" * 3000 + b"1" + b")" * 3000 + b"; END $$;\n",
)
_HUGE = (
    b"x" * 10_000,
    b'"' + b"q" * 10_000 + b'"',
    b"`" + b"b" * 10_000 + b"`",
    b"'" + b"s" * 10_000 + b"'",
    "é".encode() * 5_000,
)


def _insert(piece: st.SearchStrategy[bytes], region: Region) -> st.SearchStrategy[Mutation]:
    @st.composite
    def build(draw: st.DrawFn) -> Mutation:
        chunk = draw(piece)
        fraction = draw(st.floats(0, 1))

        def apply(data: bytes) -> bytes:
            start, end = region.bounds(data)
            at = start + int((end - start) * fraction)
            return data[:at] + chunk + data[at:]

        return apply

    return build()


def _truncate(region: Region) -> st.SearchStrategy[Mutation]:
    def cut(fraction: float) -> Mutation:
        def apply(data: bytes) -> bytes:
            start, end = region.bounds(data)
            # Only the region is cut short; what follows it stays (a cut inside a statement).
            at = start + int((end - start) * fraction)
            return data[:at] + data[end:]

        return apply

    return st.floats(0, 1).map(cut)


def _truncate_file() -> st.SearchStrategy[Mutation]:
    def cut(fraction: float) -> Mutation:
        return lambda data: data[: int(len(data) * fraction)]

    return st.floats(0, 1).map(cut)


def _delete_tokens(region: Region) -> st.SearchStrategy[Mutation]:
    def delete(fraction: float, count: int) -> Mutation:
        def apply(data: bytes) -> bytes:
            start, end = region.bounds(data)
            tokens = list(_TOKEN.finditer(data, start, end))
            if not tokens:
                return data
            first = int(len(tokens) * fraction) % len(tokens)
            chosen = tokens[first : first + count]
            return data[: chosen[0].start()] + data[chosen[-1].end() :]

        return apply

    return st.builds(delete, st.floats(0, 1), st.integers(1, 3))


def _replace_token(piece: st.SearchStrategy[bytes], region: Region) -> st.SearchStrategy[Mutation]:
    @st.composite
    def build(draw: st.DrawFn) -> Mutation:
        chunk = draw(piece)
        fraction = draw(st.floats(0, 1))

        def apply(data: bytes) -> bytes:
            start, end = region.bounds(data)
            tokens = list(_TOKEN.finditer(data, start, end))
            if not tokens:
                return data
            token = tokens[int(len(tokens) * fraction) % len(tokens)]
            return data[: token.start()] + chunk + data[token.end() :]

        return apply

    return build()


def _whole_file(transform: Callable[[bytes], bytes]) -> st.SearchStrategy[Mutation]:
    return st.just(transform)


def local_mutation(
    region: Region, breakers: tuple[bytes, ...], *, deep: bool = True
) -> st.SearchStrategy[Mutation]:
    """One damage confined to ``region``."""
    pieces = [
        st.binary(min_size=1, max_size=16),
        st.sampled_from(breakers),
        st.sampled_from(INVALID_UTF8),
        st.sampled_from(ODD_TEXT),
        st.sampled_from(_HUGE),
        st.text(min_size=1, max_size=8).map(str.encode),
    ]
    if deep:
        pieces.append(st.sampled_from(_DEEP))
    piece = st.one_of(pieces)
    return st.one_of(
        _truncate(region),
        _delete_tokens(region),
        _insert(piece, region),
        _replace_token(piece, region),
    )


def file_mutation(breakers: tuple[bytes, ...], *, deep: bool = True) -> st.SearchStrategy[Mutation]:
    """One damage anywhere in the file, including whole-file changes (CRLF, BOM, truncation)."""
    return st.one_of(
        local_mutation(Region(), breakers, deep=deep),
        _truncate_file(),
        _whole_file(lambda data: data.replace(b"\n", b"\r\n")),
        _whole_file(lambda data: data.replace(b"\n", b"\r")),
        _whole_file(lambda data: b"\xef\xbb\xbf" + data),
        _whole_file(lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")),
    )


def mutated(
    seed: bytes, mutation: st.SearchStrategy[Mutation], *, most: int = 3
) -> st.SearchStrategy[bytes]:
    """``seed`` after one to ``most`` mutations, applied in order."""

    def apply(mutations: list[Mutation]) -> bytes:
        data = seed
        for mutate in mutations:
            data = mutate(data)
        return data

    return st.lists(mutation, min_size=1, max_size=most).map(apply)
