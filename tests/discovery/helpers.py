"""Building file trees for discovery tests."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from schemalint.discovery import Discovery, Stream


def make_tree(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Create ``files`` (POSIX paths relative to ``root``) with the given contents."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def stream_paths(stream: Stream) -> list[str]:
    return [source.path for source in stream.files]


def summary(discovery: Discovery) -> list[tuple[str, str, list[str]]]:
    """Each stream as (root, layout, display paths in order)."""
    return [(s.root.as_posix(), s.layout, stream_paths(s)) for s in discovery.streams]
