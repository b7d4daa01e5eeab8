"""Building file trees for discovery tests."""

from __future__ import annotations

from schemalint.inputs.discovery import Discovery, Stream


def stream_paths(stream: Stream) -> list[str]:
    return [source.path for source in stream.files]


def summary(discovery: Discovery) -> list[tuple[str, str, list[str]]]:
    """Each stream as (root, layout, display paths in order)."""
    return [(s.root.as_posix(), s.layout, stream_paths(s)) for s in discovery.streams]
