"""A throwaway MariaDB server on a unix socket, for the ground-truth tests."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class ServerError(Exception):
    """The server could not be set up or a statement failed; the message says why."""


def find_binaries() -> tuple[str, str, str] | None:
    """``mariadb-install-db``, ``mariadbd`` (Debian keeps it in /usr/sbin), ``mariadb``."""
    install = shutil.which("mariadb-install-db")
    server = shutil.which("mariadbd") or shutil.which("mariadbd", path="/usr/sbin:/usr/local/sbin")
    client = shutil.which("mariadb")
    if install and server and client:
        return install, server, client
    return None


@dataclass
class Server:
    root: Path
    socket: Path
    client: str
    process: subprocess.Popen[bytes]

    def run(self, sql: str, database: str | None = None) -> list[list[str]]:
        """Run ``sql``; the rows of its last result set, tab-separated fields."""
        command = [self.client, "--no-defaults", "-S", str(self.socket), "-u", "root", "-N", "-B"]
        if database:
            command += ["-D", database]
        done = subprocess.run(command, input=sql.encode(), capture_output=True, timeout=60)
        if done.returncode:
            raise ServerError(done.stderr.decode().strip())
        lines = done.stdout.decode().splitlines()
        return [line.split("\t") for line in lines]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> Server:
    binaries = find_binaries()
    if binaries is None:
        raise ServerError("mariadb-install-db, mariadbd or mariadb not found")
    install, server, client = binaries
    root = Path(tempfile.mkdtemp(prefix="schemalint-mariadb-"))
    data, socket = root / "data", root / "mysqld.sock"
    setup = subprocess.run(
        [
            install,
            "--no-defaults",
            f"--datadir={data}",
            "--auth-root-authentication-method=normal",
            "--user=root",
            "--skip-test-db",
        ],
        capture_output=True,
        timeout=120,
    )
    if setup.returncode:
        shutil.rmtree(root, ignore_errors=True)
        raise ServerError(setup.stderr.decode().strip().splitlines()[-1:])
    process = subprocess.Popen(
        [
            server,
            "--no-defaults",
            f"--datadir={data}",
            f"--socket={socket}",
            "--skip-networking",
            "--user=root",
            f"--pid-file={root / 'mysqld.pid'}",
            f"--log-error={root / 'error.log'}",
            "--innodb-buffer-pool-size=16M",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    result = Server(root, socket, client, process)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            result.run("SELECT 1")
            return result
        except ServerError:
            time.sleep(0.2)
    log = (
        (root / "error.log").read_text(errors="replace")[-500:]
        if (root / "error.log").exists()
        else ""
    )
    result.stop()
    raise ServerError(f"mariadbd did not start: {log}")
