"""The opt-in replay cache: a checkpoint of the catalog after a stream's leading context files.

A pre-commit run lints the newest migration of a long history; every file before it is only
replayed, and is the same as last time. The checkpoint after those files (the `Catalog` as JSON)
lets the next run parse and replay only the files from the first target on.

An entry is named by a digest of everything the replayed catalog depends on: the cache format,
schemalint's version and code, Python's version, the dialect, the stream's layout and root, and
for each file of the prefix its display path (spans carry it) and the text the frontend parses
(BLAKE2b). A changed file, a new schemalint or a new Python so names another entry. A
corrupt, unreadable or mismatched entry is passed over (and replaced); a cache folder that cannot
be written is skipped. Neither is an error: the run computes what it needs as without a cache.

Trust boundary: reading an entry runs no code (``catalog.codec`` builds only catalog objects),
but a forged entry could still hide findings, so entries are read only from a folder the user
owns that no one else may write to, and only files the user owns. The cache is off unless the
user asks for it (the tool writes nothing else unasked).
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from schemalint import __version__
from schemalint.catalog import codec
from schemalint.catalog.model import Catalog
from schemalint.output.files import write_bytes_atomically
from schemalint.source import SourceFile

# Bump when what an entry holds changes shape: older entries then name other folders.
FORMAT = 10
MAX_ENTRIES_PER_STREAM = 16
_MAGIC = "schemalint-replay-checkpoint"
_SUFFIX = ".json"


def default_folder() -> Path | None:
    """``$XDG_CACHE_HOME/schemalint``, else ``~/.cache/schemalint``; None without a home."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says a relative value is to be ignored.
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "schemalint"
    try:
        return Path.home() / ".cache" / "schemalint"
    except RuntimeError:
        return None


def _code_fingerprint() -> str:
    """Name, size and modification time of every module of the installed package.

    The version alone misses an editable install being worked on, where the replay can change
    while the version stays; a stat per module costs about a millisecond.
    """
    digest = hashlib.sha256()
    folders = [Path(__file__).parent.parent]
    while folders:
        folder = folders.pop()
        for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
            if entry.is_dir() and not entry.name.startswith((".", "__")):
                folders.append(Path(entry.path))
            elif entry.name.endswith(".py"):
                info = entry.stat()
                digest.update(f"{entry.path}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _trusted(path: Path) -> bool:
    """A folder that is the user's own and not writable by everyone."""
    try:
        info = path.stat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and not info.st_mode & stat.S_IWOTH and _owned(info)


def _owned(info: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


@dataclass
class ReplayCache:
    """The cache in ``folder``; ``notes`` collects what ``--verbose`` says about it."""

    folder: Path
    notes: list[str] = field(default_factory=list)
    _usable: bool | None = None
    _code: str = ""

    def usable(self) -> bool:
        """Whether the folder exists (it is made if need be) and can be trusted; decided once."""
        if self._usable is None:
            self._usable = self._prepare()
        return self._usable

    def _prepare(self) -> bool:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            self.notes.append(f"cache: {self.folder}: cannot create ({_reason(error)}); not used")
            return False
        if not _trusted(self.folder):
            self.notes.append(
                f"cache: {self.folder}: not owned by this user, or writable by everyone; not used"
            )
            return False
        self._code = _code_fingerprint()
        return True

    def stream(
        self, root: Path, layout: str, dialect: str, prefix: Sequence[SourceFile]
    ) -> StreamCheckpoints | None:
        """The checkpoints of one stream whose leading context files are ``prefix``."""
        if not prefix or not self.usable():
            return None
        identity = "\0".join(
            (_MAGIC, str(FORMAT), __version__, self._code, sys.version, dialect, layout, str(root))
        )
        stream_digest = hashlib.blake2b(identity.encode(), digest_size=32).hexdigest()
        # One running hash over every file's path, length and text (the length keeps file
        # boundaries unambiguous); a copy of it names the checkpoint after each file. BLAKE2b
        # is built into Python: unlike OpenSSL's SHA-256, a new or copied hasher costs next to
        # nothing, and that is most of the work for short files.
        running = hashlib.blake2b(stream_digest.encode(), digest_size=32)
        digests = []
        for source in prefix:
            text = source.masked.encode("utf-8", "surrogatepass")
            running.update(f"\0{source.path}\0{len(text)}\0".encode("utf-8", "surrogatepass"))
            running.update(text)
            digests.append(running.copy().hexdigest())
        return StreamCheckpoints(self, self.folder / stream_digest[:32], str(root), tuple(digests))


@dataclass
class StreamCheckpoints:
    """Checkpoints of one stream; ``digests[i]`` names the one after its first i + 1 files."""

    cache: ReplayCache
    folder: Path
    label: str
    digests: tuple[str, ...]
    _resumed: int = 0

    def resume(self) -> tuple[int, Catalog] | None:
        """The longest stored prefix: how many files it covers, and the catalog after them."""
        try:
            names = {entry.name for entry in os.scandir(self.folder)}
        except OSError:
            return None
        if not _trusted(self.folder):
            self.cache.notes.append(f"cache: {self.folder}: not a private folder; not used")
            return None
        for count in range(len(self.digests), 0, -1):
            name = self.digests[count - 1] + _SUFFIX
            if name not in names:
                continue
            catalog = self._load(self.folder / name, self.digests[count - 1])
            if catalog is not None:
                self._resumed = count
                self.cache.notes.append(
                    f"cache: {self.label}: resumed after {count} of {len(self.digests)} "
                    "context files"
                )
                return count, catalog
        return None

    def _load(self, path: Path, digest: str) -> Catalog | None:
        from schemalint.inputs import documents

        try:
            # Only a regular file the user owns, under the cap: a FIFO would hang the read.
            data = documents.read_regular(
                path,
                documents.MAX_CACHE_ENTRY_BYTES,
                lambda info: None if _owned(info) else "not owned by this user",
            )
            os.utime(path)  # eviction drops the least recently used entries
        except (OSError, documents.UnreadableDocument) as error:
            reason = (
                error.reason if isinstance(error, documents.UnreadableDocument) else _reason(error)
            )
            self.cache.notes.append(f"cache: {path.name}: unreadable entry ignored ({reason})")
            return None
        header, _, body = data.partition(b"\n")
        if header != f"{_MAGIC} {digest}".encode():
            self.cache.notes.append(f"cache: {path.name}: mismatched entry ignored")
            return None
        try:
            return codec.loads(body)
        except codec.CodecError:
            self.cache.notes.append(f"cache: {path.name}: corrupt entry ignored")
            return None

    def store(self, catalog: Catalog) -> None:
        """Keep ``catalog`` as the state after the whole prefix, unless that is what was read."""
        if self._resumed == len(self.digests):
            return
        digest = self.digests[-1]
        data = f"{_MAGIC} {digest}\n".encode() + codec.dumps(catalog)
        try:
            self.folder.mkdir(mode=0o700, exist_ok=True)
            write_bytes_atomically(self.folder / (digest + _SUFFIX), data)
            self._evict()
        except OSError as error:
            self.cache.notes.append(f"cache: {self.folder}: cannot write ({_reason(error)})")
            return
        self.cache.notes.append(
            f"cache: {self.label}: stored the catalog after {len(self.digests)} context files"
        )

    def _evict(self) -> None:
        entries = sorted(
            (entry.stat().st_mtime_ns, entry.name)
            for entry in os.scandir(self.folder)
            if entry.name.endswith(_SUFFIX)
        )
        for _, name in entries[:-MAX_ENTRIES_PER_STREAM]:
            (self.folder / name).unlink(missing_ok=True)


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
