"""How each migration tool names its migrations: the version in a file's path, the next
versions after the latest, a new migration right after a given one, and a new file's text in
the layout's own sections (goose's ``-- +goose Up``, dbmate's ``-- migrate:up``, drizzle-kit's
breakpoints)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from schemalint.frozen import frozen
from schemalint.inputs.discovery import Stream

_TIMESTAMP = "%Y%m%d%H%M%S"


def _next_version(version: str, step: int) -> str:
    """``version`` advanced by ``step``: a timestamp by seconds, a number by one (same width)."""
    if len(version) == 14 and version.isascii() and version.isdigit():
        # What ``strptime(version, _TIMESTAMP)`` reads from 14 digits (each field two digits,
        # the year four), without loading ``_strptime`` (~10 ms, in each process that plans).
        year, month, day, hour, minute, second = (
            int(version[start:end])
            for start, end in ((0, 4), (4, 6), (6, 8), (8, 10), (10, 12), (12, 14))
        )
        try:
            moment = datetime.datetime(year, month, day, hour, minute, second)
        except ValueError:
            pass
        else:
            return (moment + datetime.timedelta(seconds=step)).strftime(_TIMESTAMP)
    parts = re.split(r"([._])", version)
    last = parts[-1]
    parts[-1] = str(int(last) + step).zfill(len(last))
    return "".join(parts)


@frozen
class Naming:
    """How a tool names its migrations: the version in a file's path, and a new file's text."""

    version: re.Pattern[str]
    # (version, slug) -> path under the stream root
    path: Callable[[str, str], str]
    # (body, down, alone: outside a transaction) -> the file's text
    text: Callable[[str, str, bool], str]
    # Between two statements of a file (drizzle-kit runs the chunks between breakpoints).
    separator: str = ""

    def latest(self, stream: Stream) -> tuple[str, str] | None:
        """The latest migration's version, and the folder it is in as display paths show it."""
        versions: list[tuple[tuple[int, ...], str, str]] = []
        for source in stream.files:
            match = self.version.search(source.path)
            if match:
                versions.append(
                    (_version_key(match.group(1)), match.group(1), source.path[: match.start()])
                )
        return max(versions)[1:] if versions else None

    def right_after(self, stream: Stream, display: str, slug: str) -> tuple[Path, str] | None:
        """A new migration that runs right after the migration ``display`` and before the
        next one (its version plus one): its absolute path and its display path; ``None``
        when the name has no version, the next version is taken or the tool's files are cut
        into chunks (drizzle-kit's breakpoints)."""
        match = self.version.search(display)
        if match is None or self.separator:
            return None
        version = _next_version(match.group(1), 1)
        low, high = _version_key(match.group(1)), _version_key(version)
        for source in stream.files:
            other = self.version.search(source.path)
            if other and low < _version_key(other.group(1)) <= high:
                return None
        relative = PurePosixPath(self.path(version, slug))
        folder = display[: match.start()]
        return stream.root / relative, f"{folder}/{relative}" if folder else str(relative)

    def next_names(self, stream: Stream, count: int) -> tuple[list[str], str] | None:
        """The versions of ``count`` new migrations after the latest, and the folder they go
        in (``None``: no migration has a version)."""
        latest = self.latest(stream)
        if latest is None:
            return None
        version, folder = latest
        return [_next_version(version, step + 1) for step in range(count)], folder

    def render(
        self, version: str, slug: str, body: str, down: str, alone: bool
    ) -> tuple[PurePosixPath, str]:
        return PurePosixPath(self.path(version, slug)), self.text(body, down, alone)


def _just(body: str, down: str, alone: bool) -> str:
    return body


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.split(r"[._]", version))


def migration_right_after(stream: Stream, display: str, slug: str) -> tuple[Path, str] | None:
    """Where a new migration named ``slug`` goes to run right after ``display`` (``None``:
    the stream's layout has no such name; see ``Naming.right_after``)."""
    naming = NAMING.get(stream.tool.name)
    return naming.right_after(stream, display, slug) if naming is not None else None


def migration_text(stream: Stream, body: str) -> str:
    """A new migration of ``stream`` that runs ``body`` in a transaction, in the layout's
    own sections (goose's ``-- +goose Up``, dbmate's ``-- migrate:up``; an empty down)."""
    naming = NAMING.get(stream.tool.name)
    return naming.text(body, "", False) if naming is not None else body


NAMING: dict[str, Naming] = {
    "supabase": Naming(
        re.compile(r"(?:^|/)(\d{14})_[^/]*\.sql$"), lambda v, s: f"{v}_{s}.sql", _just
    ),
    "prisma": Naming(
        re.compile(r"(?:^|/)(\d+)_[^/]*/migration\.sql$"),
        lambda v, s: f"{v}_{s}/migration.sql",
        _just,
    ),
    "flyway": Naming(
        re.compile(r"(?:^|/)V(\d+(?:[._]\d+)*)__[^/]*\.sql$"),
        lambda v, s: f"V{v}__{s}.sql",
        _just,
    ),
    "golang-migrate": Naming(
        re.compile(r"(?:^|/)(\d+)_[^/]*\.up\.sql$"), lambda v, s: f"{v}_{s}.up.sql", _just
    ),
    "dbmate": Naming(
        re.compile(r"(?:^|/)(\d+)_[^/]*\.sql$"),
        lambda v, s: f"{v}_{s}.sql",
        lambda body, down, alone: (
            f"-- migrate:up{' transaction:false' if alone else ''}\n{body}\n-- migrate:down\n{down}"
        ),
    ),
    "goose": Naming(
        re.compile(r"(?:^|/)(\d+)_[^/]*\.sql$"),
        lambda v, s: f"{v}_{s}.sql",
        lambda body, down, alone: (
            f"{'-- +goose NO TRANSACTION' + chr(10) if alone else ''}-- +goose Up\n{body}\n"
            f"-- +goose Down\n{down}"
        ),
    ),
    "drizzle": Naming(
        re.compile(r"(?:^|/)(\d+)_[^/]*\.sql$"),
        lambda v, s: f"{v}_{s}.sql",
        _just,
        "--> statement-breakpoint\n",
    ),
    "plain": Naming(
        re.compile(r"(?:^|/)(\d+)(?:_[^/]*)?\.sql$"), lambda v, s: f"{v}_{s}.sql", _just
    ),
    "file": Naming(
        re.compile(r"(?:^|/)(\d+)(?:_[^/]*)?\.sql$"), lambda v, s: f"{v}_{s}.sql", _just
    ),
    "versioned": Naming(
        re.compile(r"(?:^|/)(\d+)(?:_[^/]*)?\.sql$"), lambda v, s: f"{v}_{s}.sql", _just
    ),
}
