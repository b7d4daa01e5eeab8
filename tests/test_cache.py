"""The opt-in replay cache (``--cache``): same reports as without it, and nothing written unasked."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from schemalint.catalog import codec
from schemalint.catalog.cache import MAX_ENTRIES_PER_STREAM, ReplayCache
from schemalint.catalog.model import (
    Catalog,
    Column,
    Constraint,
    Index,
    Policy,
    Shared,
    Table,
    TableMap,
    Trigger,
)
from schemalint.cli import main
from schemalint.source import SourceFile, Span
from tests.trees import write_tree

MIGRATIONS = "supabase/migrations"
INIT = f"{MIGRATIONS}/20240101000000_init.sql"
NAMES = f"{MIGRATIONS}/20240201000000_names.sql"
OWNER = f"{MIGRATIONS}/20240301000000_owner.sql"
TASKS = f"{MIGRATIONS}/20240401000000_tasks.sql"
HISTORY = {
    INIT: """CREATE TABLE public.organizations (id uuid PRIMARY KEY);
ALTER TABLE public.organizations ENABLE ROW LEVEL SECURITY;
CREATE POLICY org_read ON public.organizations FOR SELECT USING (true);
CREATE TABLE public.projects (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES public.organizations (id),
  name text,
  deleted_at timestamptz
);
ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY project_read ON public.projects FOR SELECT USING (true);
""",
    NAMES: "ALTER TABLE public.projects ALTER COLUMN name SET NOT NULL;\n",
    # Only a replayed history knows that projects existed before: SL301.
    OWNER: "ALTER TABLE public.projects ADD COLUMN owner uuid NOT NULL;\n",
    TASKS: """CREATE TABLE public.tasks (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES public.projects (id)
);
""",
}
# Covers projects.organization_id: SL201 on the init file goes away.
INDEX = "CREATE INDEX projects_org ON public.projects (organization_id);\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    write_tree(root, HISTORY)
    monkeypatch.chdir(root)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return root


def _check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--format", "json", *args], catch_exceptions=False)


def _notes(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("schemalint: cache:")]


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.json"))


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


TASKS_FINDINGS = [
    ("SL101", TASKS, 1, 14),
    ("SL102", TASKS, 1, 14),
    ("SL201", TASKS, 3, 28),
]


@pytest.mark.parametrize(
    ("targets", "prefix", "expected"),
    [
        ((TASKS,), 3, TASKS_FINDINGS),
        ((OWNER,), 2, [("SL507", OWNER, 1, 13), ("SL301", OWNER, 1, 40)]),
        (
            (NAMES, TASKS),
            1,
            [
                ("SL507", NAMES, 1, 13),
                ("SL301", NAMES, 1, 42),
                ("SL503", NAMES, 1, 42),
                *TASKS_FINDINGS,
            ],
        ),
    ],
    ids=["target-at-the-end", "target-in-the-middle", "several-targets"],
)
def test_a_miss_and_a_hit_report_byte_identical_json_to_a_run_without_cache(
    project: Path, targets: tuple[str, ...], prefix: int, expected: list[tuple[str, str, int, int]]
) -> None:
    cache = project.parent / "cache"
    plain = _check(*targets)
    miss = _check("--cache-dir", str(cache), "-v", *targets)
    hit = _check("--cache-dir", str(cache), "-v", *targets)

    assert plain.exit_code == 1
    assert _located(plain.stdout) == expected
    assert (miss.exit_code, miss.stdout) == (plain.exit_code, plain.stdout)
    assert (hit.exit_code, hit.stdout) == (plain.exit_code, plain.stdout)
    assert _notes(miss) == [
        f"schemalint: cache: {MIGRATIONS}: stored the catalog after {prefix} context files"
    ]
    assert _notes(hit) == [
        f"schemalint: cache: {MIGRATIONS}: resumed after {prefix} of {prefix} context files"
    ]


def _located(output: str) -> list[tuple[str, str, int, int]]:
    findings = json.loads(output)["findings"]
    return [(f["code"], f["path"], f["line"], f["column"]) for f in findings]


def test_editing_a_context_file_invalidates_the_checkpoint(project: Path) -> None:
    cache = project.parent / "cache"
    _check("--cache-dir", str(cache), TASKS)
    write_tree(project, {NAMES: HISTORY[NAMES] + INDEX})
    plain = _check(TASKS)
    after_edit = _check("--cache-dir", str(cache), "-v", TASKS)

    assert (after_edit.exit_code, after_edit.stdout) == (plain.exit_code, plain.stdout)
    assert _notes(after_edit) == [
        f"schemalint: cache: {MIGRATIONS}: stored the catalog after 3 context files"
    ]


def test_a_new_migration_resumes_from_the_checkpoint_of_the_shorter_history(
    project: Path,
) -> None:
    cache = project.parent / "cache"
    _check("--cache-dir", str(cache), OWNER)
    plain = _check(TASKS)
    resumed = _check("--cache-dir", str(cache), "-v", TASKS)

    assert (resumed.exit_code, resumed.stdout) == (plain.exit_code, plain.stdout)
    assert _notes(resumed) == [
        f"schemalint: cache: {MIGRATIONS}: resumed after 2 of 3 context files",
        f"schemalint: cache: {MIGRATIONS}: stored the catalog after 3 context files",
    ]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"schemalint-replay-checkpoint other\n" + codec.dumps(Catalog()),
        b"schemalint-replay-checkpoint DIGEST\n{]",
        # Both were internal errors on every later run (RecursionError, int()'s digit limit).
        b"schemalint-replay-checkpoint DIGEST\n[]\n" + b"[" * 100_000 + b"]" * 100_000,
        b"schemalint-replay-checkpoint DIGEST\n[]\n[" + b"7" * 5001 + b"]",
    ],
    ids=["empty", "garbage", "another-entry", "corrupt-body", "deep-body", "long-number"],
)
def test_a_corrupt_entry_is_ignored_and_replaced(project: Path, content: bytes) -> None:
    cache = project.parent / "cache"
    _check("--cache-dir", str(cache), TASKS)
    [entry] = _entries(cache)
    entry.write_bytes(content.replace(b"DIGEST", entry.stem.encode()))
    plain = _check(TASKS)
    result = _check("--cache-dir", str(cache), "-v", TASKS)

    assert (result.exit_code, result.stdout) == (plain.exit_code, plain.stdout)
    problem = "corrupt" if b"DIGEST" in content else "mismatched"
    assert _notes(result) == [
        f"schemalint: cache: {entry.name}: {problem} entry ignored",
        f"schemalint: cache: {MIGRATIONS}: stored the catalog after 3 context files",
    ]
    assert _check("--cache-dir", str(cache), "-v", TASKS).stdout == plain.stdout
    assert entry.read_bytes().startswith(f"schemalint-replay-checkpoint {entry.stem}\n".encode())


def test_an_entry_that_is_a_fifo_is_ignored_without_reading_and_replaced(project: Path) -> None:
    cache = project.parent / "cache"
    _check("--cache-dir", str(cache), TASKS)
    [entry] = _entries(cache)
    entry.unlink()
    os.mkfifo(entry)  # opening it to read would block until a writer came
    plain = _check(TASKS)
    result = _check("--cache-dir", str(cache), "-v", TASKS)

    assert (result.exit_code, result.stdout) == (plain.exit_code, plain.stdout)
    assert _notes(result) == [
        f"schemalint: cache: {entry.name}: unreadable entry ignored (not a regular file)",
        f"schemalint: cache: {MIGRATIONS}: stored the catalog after 3 context files",
    ]
    assert entry.is_file()


def test_without_cache_nothing_is_written_anywhere(project: Path) -> None:
    before = _snapshot(project.parent)
    result = _check(TASKS)
    no_cache = _check("--no-cache", TASKS)

    assert (result.exit_code, no_cache.exit_code) == (1, 1)
    assert _snapshot(project.parent) == before


def test_cache_goes_to_xdg_cache_home(project: Path) -> None:
    _check("--cache", TASKS)

    assert [p.parent.parent for p in _entries(project.parent / "xdg" / "schemalint")] == [
        project.parent / "xdg" / "schemalint"
    ]
    assert not (project.parent / "home").exists()


def test_config_turns_the_cache_on_in_a_folder_relative_to_it_and_no_cache_wins(
    project: Path,
) -> None:
    write_tree(
        project, {"pyproject.toml": '[tool.schemalint]\ncache = true\ncache-dir = ".cache"\n'}
    )
    os.chdir(project / MIGRATIONS)
    target = Path(TASKS).name
    _check("--no-cache", target)
    assert not (project / ".cache").exists()

    _check(target)
    assert len(_entries(project / ".cache")) == 1


def test_config_cache_false_keeps_it_off(project: Path) -> None:
    write_tree(project, {".schemalint.yaml": "cache: false\ncache-dir: .cache\n"})
    _check(TASKS)

    assert not (project / ".cache").exists()


def test_a_cache_setting_of_the_wrong_type_is_one_line_naming_file_and_key(
    project: Path,
) -> None:
    write_tree(project, {"pyproject.toml": '[tool.schemalint]\ncache = "yes"\n'})
    result = _check(TASKS)

    assert result.exit_code == 2
    assert result.stderr == (
        "schemalint: error: pyproject.toml: tool.schemalint.cache: "
        'expected true or false, got "yes"\n'
    )


def test_a_cache_folder_that_cannot_be_made_is_skipped_and_said_with_verbose(
    project: Path,
) -> None:
    blocker = project.parent / "file"
    blocker.write_text("", encoding="utf-8")
    plain = _check(TASKS)
    result = _check("--cache-dir", str(blocker / "cache"), "-v", TASKS)

    assert (result.exit_code, result.stdout) == (plain.exit_code, plain.stdout)
    assert _notes(result) == [
        f"schemalint: cache: {blocker / 'cache'}: cannot create (Not a directory); not used"
    ]


def test_a_world_writable_cache_folder_is_not_used(project: Path) -> None:
    cache = project.parent / "cache"
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)
    plain = _check(TASKS)
    result = _check("--cache-dir", str(cache), "-v", TASKS)

    assert (result.exit_code, result.stdout) == (plain.exit_code, plain.stdout)
    assert _notes(result) == [
        f"schemalint: cache: {cache}: not owned by this user, or writable by everyone; not used"
    ]
    assert list(cache.iterdir()) == []


def _store(cache: ReplayCache, text: str) -> Path:
    """Store an empty catalog as the checkpoint after one file holding ``text``."""
    stream = cache.stream(Path("m"), "plain", "postgres", [SourceFile("m/0001.sql", text)])
    assert stream is not None
    stream.store(Catalog())
    return stream.folder / f"{stream.digests[-1]}.json"


def test_a_stream_keeps_only_its_most_recently_used_entries(tmp_path: Path) -> None:
    cache = ReplayCache(tmp_path / "cache")
    stored = []
    for n in range(MAX_ENTRIES_PER_STREAM + 2):
        entry = _store(cache, f"SELECT {n};")
        # Distinct times, oldest first: a fast machine may store several in one clock tick.
        os.utime(entry, ns=(n * 10**9, n * 10**9))
        stored.append(entry)

    assert _entries(tmp_path / "cache") == sorted(stored[2:])


def _table_map() -> TableMap:
    span = Span("m/0001.sql", 0, 10)
    tables = TableMap()
    for name in ("a", "b"):
        key = ("public", name)
        tables[key] = Table(
            "public",
            name,
            span,
            span,
            constraints=(Constraint("check", f"{name}_check", (), span),),
        )
    return tables


def test_a_copied_table_map_keeps_its_constraint_name_index() -> None:
    tables = _table_map()
    loaded = copy.deepcopy(tables)

    assert type(loaded) is TableMap
    assert loaded == tables
    assert (loaded.has_constraint("public", "a_check"), loaded.has_constraint("public", "x")) == (
        True,
        False,
    )
    del loaded[("public", "a")]
    assert (
        loaded.has_constraint("public", "a_check"),
        loaded.has_constraint("public", "b_check"),
    ) == (
        False,
        True,
    )


def test_a_catalog_read_back_from_json_equals_the_original() -> None:
    catalog = Catalog(schemas={"public", "app"}, search_path=("app", "public"))
    for key, table in _table_map().items():
        catalog.tables[key] = table
    catalog.index_owner[("public", "a_pkey")] = ("public", "a")

    loaded = codec.loads(codec.dumps(catalog))

    assert loaded == catalog
    assert loaded.tables.has_constraint("public", "b_check")


def _every_field_set() -> Table:
    """A table whose objects have no field at its default, each span a different one."""
    spans = iter(Span(f"m/{n % 3}.sql", n, n + 1) for n in range(100))
    return Table(
        "app",
        "orders",
        next(spans),
        next(spans),
        columns=(
            Column("id", "uuid", True, True, next(spans), "gen()", "orderId", ("a", "b")),
            Column("total", "numeric", False, False, next(spans), None, None, ()),
        ),
        constraints=(
            Constraint(
                "foreign_key",
                "orders_fk",
                ("id",),
                next(spans),
                "app",
                "users",
                ("uid",),
                "cascade",
                next(spans),
            ),
        ),
        indexes=(
            Index(
                "orders_idx", ("id", None), next(spans), True, True, "gin", ("e",), ("p",), ("i",)
            ),
        ),
        policies=(
            Policy("p", next(spans), "select", ("anon",), "u()", "c()", False, ("u",), ("c",)),
        ),
        triggers=(Trigger("t", "app.f", next(spans)),),
        rls_enabled=True,
        rls_forced=True,
        rls_span=next(spans),
        incomplete=True,
        origin="prisma",
    )


def test_every_field_of_every_catalog_object_is_read_back() -> None:
    catalog = Catalog(dialect="mysql", schemas={"app"}, search_path=("app",))
    table = _every_field_set()
    catalog.tables[table.key] = table
    catalog.index_owner[("app", "orders_idx")] = table.key

    loaded = codec.loads(codec.dumps(catalog))

    assert loaded == catalog
    assert [type(o) for o in (loaded.tables[table.key].columns[0].generated_from,)] == [tuple]
    assert loaded.tables.has_constraint("app", "orders_fk")


_TAG = {"@": "os.system", "v": ["echo forged"]}


def _forged(edit: Callable[[list[Any]], None]) -> bytes:
    """A real cache entry (every field set) with ``edit`` applied to its catalog line."""
    catalog = Catalog(dialect="mysql", schemas={"app"}, search_path=("app",))
    table = _every_field_set()
    catalog.tables[table.key] = table
    head, _, body = codec.dumps(catalog).partition(b"\n")
    document = json.loads(body)
    edit(document)
    return head + b"\n" + json.dumps(document).encode("utf-8")


def _set(path: tuple[int, ...], value: object) -> Callable[[list[Any]], None]:
    def edit(document: list[Any]) -> None:
        *parents, last = path
        target = document
        for index in parents:
            target = target[index]
        target[last] = value

    return edit


# Positions in the catalog line: 5 tables, a table's 4 columns, a column's 1 type name, 4 span.
TABLE, COLUMN, TYPE_NAME = (5, 0), (5, 0, 4, 0), (5, 0, 4, 0, 1)
COLUMN_SPAN = (5, 0, 4, 0, 4)


def test_the_unforged_entry_loads() -> None:
    assert codec.loads(_forged(lambda document: None)).tables


@pytest.mark.parametrize(
    "edit",
    [
        _set(TABLE, _TAG),
        _set(COLUMN, "os.system"),
        _set(COLUMN, [*range(3)]),
        _set((5,), _TAG),
        _set(COLUMN_SPAN, _TAG),
        _set(COLUMN_SPAN, -1),
        _set(COLUMN_SPAN, 10_000),
        _set(COLUMN_SPAN, True),
    ],
    ids=[
        "tag-as-table",
        "name-as-column",
        "short-column",
        "tag-as-tables",
        "tag-as-span",
        "negative-span-number",
        "span-number-past-the-end",
        "flag-as-span-number",
    ],
)
def test_a_forged_row_in_a_real_entry_is_a_codec_error(edit: Callable[[list[Any]], None]) -> None:
    with pytest.raises(codec.CodecError, match=r"^not a cached catalog: "):
        codec.loads(_forged(edit))


def _types(value: object, seen: set[int]) -> set[type]:
    """The types of every object reachable from ``value`` through fields and containers."""
    if id(value) in seen:
        return set()
    seen.add(id(value))
    found = {type(value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        children: list[object] = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif isinstance(value, dict):
        children = [*value.keys(), *value.values()]
    elif isinstance(value, (list, tuple, set, frozenset)):
        children = list(value)
    else:
        children = []
    for child in children:
        found |= _types(child, seen)
    return found


def test_a_class_tag_in_a_value_position_stays_plain_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "system", lambda command: pytest.fail(f"ran {command!r}"))
    loaded = codec.loads(_forged(_set(TYPE_NAME, _TAG)))

    assert loaded.tables[("app", "orders")].columns[0].type_name == _TAG
    catalog_classes = {
        cls
        for cls in vars(codec).values()
        if isinstance(cls, type) and cls.__module__ != "builtins"
    }
    plain = {str, int, float, bool, type(None), list, tuple, dict, set, frozenset}
    # Every catalog starts with its own (empty) table of shared values.
    assert loaded.shared == {}
    assert _types(loaded, set()) - plain - {Shared} <= catalog_classes
