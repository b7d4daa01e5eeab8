"""``--jobs``: independent histories linted in parallel give the serial run's output, byte for
byte, in every format (and the same ``--verbose`` notes)."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from schemalint.inputs.discovery import Discovery, PrismaSchema, Stream, discover
from schemalint.parallel import groups_of
from schemalint.source import SourceFile
from tests.trees import write_tree

REPO = Path(__file__).resolve().parents[2]
FORMATS = ("json", "sarif", "gitlab", "github", "concise")

# A history whose suppressions are used, unused, and name a MySQL-only rule: whether the
# latter is "unused" depends on the rules that ran in *other* histories.
_SUPPRESSED = """CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES orders (id));
-- schemalint-ignore SL401: fixture rows
DELETE FROM orders;
-- schemalint-ignore SL201: nothing here to suppress
SELECT 1;
"""


def _tree(root: Path) -> None:
    shutil.copytree(REPO / "examples", root / "examples")
    shutil.copytree(REPO / "tests" / "scenarios", root / "scenarios")
    write_tree(
        root,
        {
            "services/billing/migrations/0001_init.sql": _SUPPRESSED,
            "services/billing/migrations/0002_more.sql": "DROP TABLE orders;\n",
            "services/search/migrations/0001_init.sql": b"CREATE TABLE t (a text DEFAULT '\xff');\n",
        },
    )


def _run(root: Path, jobs: int) -> dict[str, bytes]:
    out = root / f"out{jobs}"
    out.mkdir()
    command = [sys.executable, "-m", "schemalint", "check", ".", "-v", "--jobs", str(jobs)]
    command += ["--format", "text"]
    command += [arg for fmt in FORMATS for arg in ("--format", f"{fmt}:{out / fmt}")]
    done = subprocess.run(command, cwd=root, capture_output=True, timeout=240)
    assert done.returncode == 1, done.stderr.decode()[-2000:]
    outputs = {fmt: (out / fmt).read_bytes() for fmt in FORMATS}
    outputs.update(text=done.stdout, stderr=done.stderr)
    return outputs


def test_jobs_output_is_byte_identical_to_a_serial_run_in_every_format(tmp_path: Path) -> None:
    _tree(tmp_path)
    discovery = discover((Path(),), cwd=tmp_path, is_excluded=lambda _: False)
    # One group per history, a Prisma schema with the migrations beside it: every history
    # and schema in exactly one group, none merged with an unrelated one.
    groups = [
        (tuple(str(s.root) for s in g.streams), tuple(str(p.root) for p in g.prisma_schemas))
        for g in groups_of(discovery)
    ]
    histories = [str(s.root) for s in discovery.streams]
    schemas = [str(p.root) for p in discovery.prisma_schemas]
    tied = {f"{schema}/migrations": schema for schema in schemas}
    assert sorted(groups) == sorted(
        [((h,), (tied[h],)) if h in tied else ((h,), ()) for h in histories]
        + [((), (schema,)) for schema in schemas if f"{schema}/migrations" not in histories]
    )
    assert len(groups) >= 10  # enough work for five processes to share
    serial = _run(tmp_path, 1)
    assert b"SL401" in serial["text"] and b"SL002" in serial["text"]
    assert b": ran " in serial["stderr"]
    for jobs in (2, 5):
        parallel = _run(tmp_path, jobs)
        for name, output in serial.items():
            assert parallel[name] == output, (jobs, name)


def _stream(root: str) -> Stream:
    return Stream(Path(root), "plain", (SourceFile(f"{root}/001.sql", "SELECT 1;\n"),))


def _schema(root: str) -> PrismaSchema:
    return PrismaSchema(Path(root), (SourceFile(f"{root}/schema.prisma", ""),))


def test_groups_keep_prisma_schemas_with_their_migrations_in_serial_order() -> None:
    discovery = Discovery(
        streams=(
            _stream("db/migrations"),
            _stream("prisma/migrations"),
            _stream("app/prisma/migrations"),
        ),
        prisma_schemas=(
            _schema("other"),
            # A multi-file schema folder: its migrations are beside the folder.
            _schema("app/prisma/schema"),
            _schema("prisma"),
        ),
        targets=frozenset(),
    )
    groups = [
        ([str(s.root) for s in g.streams], [str(s.root) for s in g.prisma_schemas])
        for g in groups_of(discovery)
    ]
    assert groups == [
        (["db/migrations"], []),
        (["prisma/migrations"], ["prisma"]),
        (["app/prisma/migrations"], ["app/prisma/schema"]),
        ([], ["other"]),
    ]


def test_a_schema_beside_two_histories_ties_them_into_one_group() -> None:
    # The schema folder `a` has `a/migrations` in it and `migrations` beside it: both are
    # its histories, so neither may be linted apart from the other.
    discovery = Discovery(
        streams=(_stream("migrations"), _stream("b/migrations"), _stream("a/migrations")),
        prisma_schemas=(_schema("a"),),
        targets=frozenset(),
    )
    groups = [
        ([str(s.root) for s in g.streams], [str(s.root) for s in g.prisma_schemas])
        for g in groups_of(discovery)
    ]
    assert groups == [(["migrations", "a/migrations"], ["a"]), (["b/migrations"], [])]


@pytest.mark.parametrize(
    ("jobs", "error"),
    [
        ("0", "0 is not in the range x>=1"),
        ("-1", "-1 is not in the range x>=1"),
        ("many", "'many' is not a valid integer range"),
    ],
)
def test_jobs_must_be_a_positive_number(jobs: str, error: str) -> None:
    from click.testing import CliRunner

    from schemalint.cli import main

    result = CliRunner().invoke(main, ["check", "--jobs", jobs, "."])
    assert result.exit_code == 2
    assert result.output == (
        f"schemalint: error: invalid value for '--jobs' / '-j': {error} "
        "(see `schemalint check --help`)\n"
    )


def _last_files(root: Path) -> list[str]:
    """The last migration of each history: linted with the rest of its history as context."""
    discovery = discover((Path(),), cwd=root, is_excluded=lambda _: False)
    return [stream.files[-1].path for stream in discovery.streams if len(stream.files) > 1]


def _cached_runs(root: Path, jobs: int, targets: list[str]) -> list[tuple[int, bytes, bytes]]:
    shutil.rmtree(root / "cache", ignore_errors=True)
    command = [sys.executable, "-m", "schemalint", "check", "-v", "--cache-dir", "cache"]
    command += ["--jobs", str(jobs), "--format", "json", *targets]
    runs = []
    for _ in ("cold", "warm"):
        done = subprocess.run(command, cwd=root, capture_output=True, timeout=240)
        runs.append((done.returncode, done.stdout, done.stderr))
    return runs


def _cache_notes(stderr: bytes) -> dict[str, str]:
    """``--verbose``'s cache notes, by history."""
    prefix = "schemalint: cache: "
    notes = {}
    for line in stderr.decode().splitlines():
        if line.startswith(prefix):
            history, _, note = line[len(prefix) :].partition(": ")
            notes[history] = note
    return notes


def test_jobs_with_the_cache_say_and_find_what_a_serial_run_does(tmp_path: Path) -> None:
    _tree(tmp_path)
    targets = _last_files(tmp_path)
    assert len(targets) >= 5
    serial = _cached_runs(tmp_path, 1, targets)
    # Each history the targets belong to stored its context, then resumed from all of it
    # (Prisma histories are not cached).
    discovery = discover((Path(),), cwd=tmp_path, is_excluded=lambda _: False)
    context = {
        str(s.root): len(s.files) - 1
        for s in discovery.streams
        if s.files[-1].path in targets and s.tool.name != "prisma"
    }
    assert _cache_notes(serial[0][2]) == {
        history: f"stored the catalog after {n} context files" for history, n in context.items()
    }
    assert _cache_notes(serial[1][2]) == {
        history: f"resumed after {n} of {n} context files" for history, n in context.items()
    }
    assert serial[0][1] == serial[1][1]
    assert _cached_runs(tmp_path, 3, targets) == serial


def test_jobs_with_an_unusable_cache_folder_say_so_once(tmp_path: Path) -> None:
    _tree(tmp_path)
    targets = _last_files(tmp_path)
    (tmp_path / "blocked").write_text("a file, not a folder\n", encoding="utf-8")
    outputs = []
    for jobs in ("1", "3"):
        command = [sys.executable, "-m", "schemalint", "check", "-v", "--jobs", jobs]
        command += ["--cache-dir", "blocked/cache", "--format", "json", *targets]
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, timeout=240)
        outputs.append((done.returncode, done.stdout, done.stderr))
    assert outputs[0] == outputs[1]
    notes = [line for line in outputs[1][2].decode().splitlines() if "cache:" in line]
    folder = tmp_path / "blocked" / "cache"
    assert notes == [f"schemalint: cache: {folder}: cannot create (Not a directory); not used"]


def test_jobs_send_back_the_catalogs_that_fix_plans_with_only_when_asked(tmp_path: Path) -> None:
    # `fix` asks for each history's catalog: a parallel run returns the serial run's. `check`
    # does not: its workers plan the findings' fixes themselves and the findings are the same.
    from schemalint.config import load_config
    from schemalint.engine import lint

    _tree(tmp_path)
    discovery = discover((Path(),), cwd=tmp_path, is_excluded=lambda _: False)
    config = load_config(tmp_path)
    serial = lint(discovery, config, cwd=tmp_path)
    with_catalogs = lint(discovery, config, cwd=tmp_path, jobs=3)
    without = lint(discovery, config, cwd=tmp_path, jobs=3, catalogs=False)
    fixed = [f for f in serial.findings if f.fix is not None and f.code == "SL201"]
    assert len(fixed) == 18  # the comparisons below carry fixes to compare
    assert serial.catalogs.keys() == {s.root for s in discovery.streams}
    assert with_catalogs == serial
    assert without == dataclasses.replace(serial, catalogs={})
    assert lint(discovery, config, cwd=tmp_path, catalogs=False) == without


def test_jobs_give_the_in_place_fixes_of_uncommitted_migrations_as_a_serial_run(
    tmp_path: Path,
) -> None:
    # In-place fixes are planned by the main process (their number is capped over the run):
    # the workers send back the catalog of a history with such a finding in an uncommitted
    # file. Two services: one with its last migration uncommitted, one all committed.
    from tests.fix.test_unsafe import CONSTRAINTS, HISTORY, NEW, committed

    services = ("services/billing", "services/search")
    committed(tmp_path, {f"{s}/{path}": text for s in services for path, text in HISTORY.items()})
    write_tree(tmp_path, {f"{s}/{NEW}": CONSTRAINTS for s in services})
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "add", "services/search"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "search"], cwd=tmp_path, check=True)
    outputs = []
    for jobs in ("1", "2"):
        command = [sys.executable, "-m", "schemalint", "check", "--jobs", jobs]
        done = subprocess.run(
            [*command, "--format", "sarif", "services"], cwd=tmp_path, capture_output=True
        )
        assert (done.returncode, done.stderr) == (1, b"")
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    fixed = [
        (
            result["ruleId"],
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            result["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for result in json.loads(outputs[0])["runs"][0]["results"]
        if any(
            fix["description"]["text"].startswith("With `schemalint fix --unsafe-fixes`")
            for fix in result.get("fixes", ())
        )
    ]
    billing = f"services/billing/{NEW}"
    assert fixed == [
        ("SL507", billing, 1),
        ("SL503", billing, 1),
        ("SL503", billing, 2),
        ("SL301", billing, 3),
        ("SL503", billing, 3),
    ]


def _two_histories(root: Path) -> Discovery:
    write_tree(
        root,
        {
            "services/billing/migrations/0001_init.sql": "CREATE TABLE a (id bigint);\n",
            "services/search/migrations/0001_init.sql": "CREATE TABLE b (id bigint);\n",
        },
    )
    return discover((Path(),), cwd=root, is_excluded=lambda _: False)


def test_an_error_in_a_worker_is_raised_in_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from schemalint import parallel
    from schemalint.config import load_config
    from schemalint.engine import active_rules

    discovery = _two_histories(tmp_path)
    config = load_config(tmp_path)

    def failing(group: Discovery, *_: object) -> None:
        raise ValueError(f"cannot lint {group.streams[0].root}")

    monkeypatch.setattr(parallel, "collect", failing)
    with pytest.raises(ValueError, match=r"^cannot lint services/(billing|search)/migrations$"):
        parallel.collect_in_parallel(discovery, config, active_rules(config), None, 2)


def test_a_worker_that_dies_ends_the_run_with_an_error_rather_than_a_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from schemalint import parallel
    from schemalint.config import load_config
    from schemalint.engine import active_rules

    discovery = _two_histories(tmp_path)
    config = load_config(tmp_path)
    monkeypatch.setattr(parallel, "collect", lambda *_: os._exit(3))
    with pytest.raises(RuntimeError, match=r"^a --jobs worker process ended unexpectedly$"):
        parallel.collect_in_parallel(discovery, config, active_rules(config), None, 2)
