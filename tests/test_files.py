"""Writing the files a user names (-o, --write-baseline): never clobbering what is there."""

from __future__ import annotations

import os
import signal
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemalint.output import files
from schemalint.output.files import write_output


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o027)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_umasks_mode_not_0600(tmp_path: Path, umask: None) -> None:
    target = tmp_path / "report.json"
    write_output(target, "{}\n")
    assert (target.read_text(encoding="utf-8"), _mode(target)) == ("{}\n", 0o640)


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o664])
def test_an_existing_file_keeps_its_mode(tmp_path: Path, umask: None, mode: int) -> None:
    target = tmp_path / "report.sarif"
    target.write_text("old", encoding="utf-8")
    target.chmod(mode)
    write_output(target, "new")
    assert (target.read_text(encoding="utf-8"), _mode(target)) == ("new", mode)


def test_a_symlink_writes_its_target_and_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "real.json"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o644)
    link = tmp_path / "link.json"
    link.symlink_to(Path("reports") / "real.json")

    write_output(link, "new")

    assert (link.is_symlink(), str(link.readlink())) == (True, "reports/real.json")
    assert (real.read_text(encoding="utf-8"), _mode(real)) == ("new", 0o644)
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["real.json"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to("made.json")
    write_output(link, "new")
    assert (link.is_symlink(), (tmp_path / "made.json").read_text(encoding="utf-8")) == (
        True,
        "new",
    )


def test_a_fifo_is_written_into_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()

    write_output(fifo, "report\n")
    reader.join(timeout=10)

    assert (received, stat.S_ISFIFO(fifo.lstat().st_mode)) == ([b"report\n"], True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def _device(tmp_path: Path, name: str, minor: int) -> Path:
    """A private node for the memory device ``1, minor`` (3 null, 7 full), else the system's.

    A private node keeps a regression from replacing the system's /dev/null as root.
    """
    node = tmp_path / name
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except OSError:
        if os.geteuid() == 0:
            pytest.skip("cannot make a device node, and /dev must not be risked as root")
        return Path("/dev") / name
    return node


@pytest.mark.parametrize(("name", "minor"), [("null", 3), ("full", 7)])
def test_a_device_is_written_into_never_replaced(tmp_path: Path, name: str, minor: int) -> None:
    device = _device(tmp_path, name, minor)
    if name == "full":
        with pytest.raises(OSError) as error:
            write_output(device, "x" * 100_000)
        assert error.value.errno == 28  # ENOSPC: the device was written to
    else:
        write_output(device, "report\n")
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) in ([name], [])


def test_a_folder_is_an_error_and_stays_a_folder(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_output(tmp_path, "x")
    assert tmp_path.is_dir()


def test_sigterm_during_a_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "baseline.json"
    target.write_text("old", encoding="utf-8")
    write_all = files._write_all

    def terminated_midway(handle: int, data: bytes) -> None:
        write_all(handle, data[:10])
        os.kill(os.getpid(), signal.SIGTERM)
        write_all(handle, data[10:])

    monkeypatch.setattr(files, "_write_all", terminated_midway)

    with pytest.raises(SystemExit) as exited:
        write_output(target, "new content " * 1000)

    assert exited.value.code == 143  # 128 + SIGTERM, as if the signal had ended the process
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json"]
    assert target.read_text(encoding="utf-8") == "old"
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_a_non_utf8_file_name_in_the_text_keeps_its_bytes(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    write_output(target, os.fsdecode(b"migrations/\xff.sql:1:1: SL001\n"))
    assert target.read_bytes() == b"migrations/\xff.sql:1:1: SL001\n"


def test_a_streamed_report_is_written_in_pieces_as_it_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    written: list[bytes] = []
    write_all = files._write_all

    def recorded(handle: int, data: bytes) -> None:
        written.append(data)
        write_all(handle, data)

    monkeypatch.setattr(files, "_write_all", recorded)
    lines = [f"line {number:05d} caf\u00e9\n" for number in range(20_000)]  # 16 characters
    before_the_end: list[int] = []

    def produce(write: files.Write) -> None:
        for line in lines:
            write(line)
        before_the_end.append(len(written))

    files.stream_output(target, produce)

    # A piece leaves once 64 Ki characters are gathered: 4,096 lines, four times, then the rest.
    assert before_the_end == [4]
    assert [len(piece) for piece in written] == [4096 * 17] * 4 + [3616 * 17]
    assert target.read_bytes() == "".join(lines).encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_failing_report_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")

    def produce(write: files.Write) -> None:
        write("x" * 100_000)
        raise RuntimeError("rendering failed")

    with pytest.raises(RuntimeError, match="rendering failed"):
        files.stream_output(target, produce)

    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    assert target.read_text(encoding="utf-8") == "old"


class _ClosedAfterOne:
    """A stdout whose reader goes away after the first piece."""

    def __init__(self) -> None:
        self.pieces: list[str] = []

    def write(self, text: str) -> None:
        if self.pieces:
            raise BrokenPipeError
        self.pieces.append(text)

    def flush(self) -> None:
        pass


def test_stdout_gets_the_pieces_until_its_reader_goes_away(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stdout = _ClosedAfterOne()
    monkeypatch.setattr(sys, "stdout", stdout)
    made: list[str] = []

    def produce(write: files.Write) -> None:
        for piece in ("a\n", "b\n", "c\n"):
            made.append(piece)
            write(piece)

    files.stream_stdout(produce)

    assert (stdout.pieces, made) == (["a\n"], ["a\n", "b\n"])
