"""Writing the files a user asked for (reports, baselines, the opt-in cache) without clobbering.

A regular file (or a missing one) is replaced atomically: a reader never sees half a report, and
an interrupted run (an exception, Ctrl-C, SIGTERM) leaves the old file and no temporary one. The
new file keeps the old one's permission bits, or gets the umask's for a new file. A symlink is
followed: its target is written and the link stays. Anything else (``/dev/stdout``, ``/dev/null``,
a FIFO, a terminal) is opened and written into, never replaced by a regular file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

Write = Callable[[str], object]
"""Takes the next piece of a report's text."""
Produce = Callable[[Write], object]
"""Makes a report, handing its text to the given ``Write`` piece by piece."""

# A report's pieces are gathered up to about this many characters before each write.
_GATHER = 1 << 16


def write_output(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, newlines as given) to the file the user named; see the module."""
    stream_output(path, lambda write: write(text))


def stream_output(path: Path, produce: Produce) -> None:
    """``write_output`` of the text that ``produce`` makes, written as it is made: a large
    report is never held whole (as text or bytes)."""
    try:
        info = path.stat()  # follows a symlink: what matters is what it points at
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        with path.open("wb") as stream:
            _produce_bytes(produce, stream.write)
        return
    # A link to a regular (or not yet existing) file: replace the target, keep the link.
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    _write_atomically(
        target, lambda handle: _produce_bytes(produce, lambda data: _write_all(handle, data)), mode
    )


def _produce_bytes(produce: Produce, write: Callable[[bytes], object]) -> None:
    """Runs ``produce``, handing its text to ``write`` as UTF-8 in pieces of ``_GATHER``."""
    pieces: list[str] = []
    size = 0

    def gather(text: str) -> None:
        nonlocal size
        pieces.append(text)
        size += len(text)
        if size >= _GATHER:
            write("".join(pieces).encode("utf-8", "surrogateescape"))
            pieces.clear()
            size = 0

    produce(gather)
    if pieces:
        write("".join(pieces).encode("utf-8", "surrogateescape"))


def write_stdout(text: str) -> None:
    """Write ``text`` to stdout and flush it; see ``stream_stdout``."""
    stream_stdout(lambda write: write(text))


def stream_stdout(produce: Produce) -> None:
    """Write the text ``produce`` makes to stdout as it is made, then flush; an OSError says
    why that failed.

    A reader that stopped reading (``| head -1``) is no error: the rest is dropped silently.
    After any failure stdout points at the null device, so that the interpreter's last flush
    cannot fail again (that would end the process with exit code 120).
    """
    stream = sys.stdout
    if stream is None:  # started with stdout closed (`>&-`)
        raise OSError(errno.EBADF, "stdout is closed")
    try:
        produce(stream.write)
        stream.flush()
    except BrokenPipeError:
        _silence(stream)
    except OSError:
        _silence(stream)
        raise


def _silence(stream: object) -> None:
    try:
        descriptor = stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test runner's capture): nothing will flush it at exit
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


def write_bytes_atomically(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` (file mode ``mode``) through a temporary file and a rename."""
    _write_atomically(path, lambda handle: _write_all(handle, data), mode)


def _write_atomically(path: Path, fill: Callable[[int], None], mode: int) -> None:
    """``fill`` the temporary file (given its descriptor), then rename it to ``path``."""
    # Imported here: most runs write no file, and every run pays for what the CLI imports.
    import tempfile

    directory = path.parent if str(path.parent) else Path()
    with _terminate_raises():
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        try:
            try:
                os.fchmod(handle, mode)
                fill(handle)
            finally:
                os.close(handle)
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


def _umask() -> int:
    # The only portable way to read the umask is to set it; set it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _terminate_raises() -> Iterator[None]:
    """While writing, SIGTERM raises SystemExit (exit 143) so the temporary file is removed.

    Python's default for SIGTERM ends the process at once, cleanup skipped. Only the main thread
    can set a handler; a SIGTERM the process ignores stays ignored.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is not signal.SIG_DFL:
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
