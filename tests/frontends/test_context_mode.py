"""Context mode (files replayed but not reported on) replays to the catalog the full parse does.

Each history is parsed both ways and replayed in lockstep; after every file the two catalogs
must be equal, with spans compared by file and start only (context mode keeps starts exact and
lets the ends of sub-spans run to the statement's end). Top-level statement spans must be
equal outright: rules compare them ("was this table created in this same file?").
"""

from __future__ import annotations

import dataclasses
import importlib.util
from collections.abc import Sequence
from pathlib import Path

import pytest

from schemalint import ir
from schemalint.catalog.model import Catalog
from schemalint.catalog.replay import apply
from schemalint.frontends.postgres import frontend as postgres
from schemalint.inputs.discovery import discover
from schemalint.source import SourceFile, Span
from schemalint.tools.dialects import POSTGRES
from tests.frontends.pg_corpus import corpus

TESTS = Path(__file__).parent.parent
ROOT = TESTS.parent

# Every converter's path through context mode: spans that need the scanner in a full parse,
# defaults followed by other clauses, unnamed CHECKs (named from their expression), function
# and DO bodies (only the latter is applied), data statements and CTEs, comments, non-ASCII,
# a broken statement (statement-by-statement recovery).
EVERYTHING = [
    """
CREATE SCHEMA IF NOT EXISTS app;
SET search_path = app, public;
CREATE TABLE orgs (id bigserial PRIMARY KEY, name text NOT NULL DEFAULT 'née' /* ✓ */);
CREATE TABLE app.members (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE, -- owner, see below
  role text DEFAULT 'member' NOT NULL CHECK (role IN ('owner', 'member')) COLLATE "C",
  score int CHECK (score > 0) DEFAULT 1,
  CHECK (score < 100),
  CONSTRAINT members_org_role UNIQUE (org_id, role),
  email text GENERATED ALWAYS AS (lower(name)) STORED,
  name text,
  FOREIGN KEY (org_id) REFERENCES app.orgs
);
CREATE TEMP TABLE scratch (a int);
CREATE TABLE copy AS SELECT * FROM orgs;
""",
    """
ALTER TABLE app.members ADD COLUMN note text DEFAULT '' NOT NULL,
  ALTER COLUMN score SET NOT NULL, DROP COLUMN IF EXISTS email,
  ALTER COLUMN role SET DEFAULT 'guest', ALTER COLUMN score DROP DEFAULT,
  ADD CONSTRAINT members_score_check2 CHECK (score <> 42), ALTER COLUMN name TYPE varchar(80);
ALTER TABLE app.members ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
ALTER TABLE app.members RENAME COLUMN note TO remark;
ALTER TABLE app.members RENAME CONSTRAINT members_org_role TO members_org_role_key2;
ALTER TABLE app.members ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.members DROP CONSTRAINT members_score_check;
CREATE UNIQUE INDEX CONCURRENTLY members_email ON app.members (lower(name)) WHERE remark <> '';
ALTER INDEX app.members_email RENAME TO members_email_idx;
CREATE POLICY "members read" ON app.members FOR SELECT TO authenticated, public
  USING (org_id IN (SELECT id FROM orgs WHERE name <> 'x;y'));
CREATE POLICY members_write ON app.members AS RESTRICTIVE FOR UPDATE
  USING (true) WITH CHECK (role = 'owner');
ALTER POLICY members_write ON app.members USING (false);
ALTER POLICY members_write ON app.members RENAME TO members_update;
DROP POLICY IF EXISTS "members read" ON app.members;
CREATE TRIGGER members_touch BEFORE UPDATE ON app.members
  FOR EACH ROW EXECUTE FUNCTION app.touch();
DROP TRIGGER members_touch ON app.members;
""",
    """
CREATE FUNCTION app.purge() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  DROP TABLE app.members;
  DELETE FROM app.orgs WHERE id < 0;
END $fn$;
CREATE FUNCTION app.quoted() RETURNS void LANGUAGE sql AS 'CREATE TABLE app.never (a int)';
CREATE PROCEDURE app.atomic() LANGUAGE sql BEGIN ATOMIC
  INSERT INTO app.orgs (name) VALUES ('a'); UPDATE app.orgs SET name = 'b';
END;
DO $$
BEGIN
  CREATE TABLE app.made_in_do (id int PRIMARY KEY, org_id bigint REFERENCES app.orgs);
  ALTER TABLE app.made_in_do ADD COLUMN flag boolean DEFAULT false;
  EXECUTE 'DROP TABLE app.orgs';
END $$;
DO 'BEGIN CREATE INDEX made_in_do_org ON app.made_in_do (org_id); END';
WITH gone AS (DELETE FROM app.orgs WHERE id < 0 RETURNING id) SELECT count(*) FROM gone;
WITH moved AS (UPDATE app.orgs SET name = 'c' RETURNING id)
  INSERT INTO app.made_in_do (id) SELECT id FROM moved;
UPDATE app.members SET remark = 'x' WHERE remark IS NULL;
DELETE FROM app.members m USING app.orgs o WHERE m.org_id = o.id RETURNING m.id;
SELECT pg_catalog.set_config('search_path', 'app, "Public"', false);
TRUNCATE app.made_in_do;
CREATE TABLE broken (id int,, name text);
CREATE TABLE after_broken (id int PRIMARY KEY);
""",
    """
ALTER TABLE app.made_in_do RENAME TO made;
ALTER TABLE app.made SET SCHEMA public;
DROP TABLE IF EXISTS public.made, app.copy CASCADE;
DROP INDEX IF EXISTS app.members_email_idx;
DROP SCHEMA IF EXISTS app CASCADE;
""",
    # Context files scan only from a DEFAULT, a CHECK or a policy's table to where it surely
    # ends: brackets, commas and keywords inside literals and comments must not move that end.
    r"""
CREATE TABLE other (x int);
CREATE TABLE tricky (
  a text DEFAULT 'x, y) -- no comment' /* a comment, ) */ NOT NULL,
  b text DEFAULT $q$ ), ( $q$ -- a comment )
  ,
  c int DEFAULT (1 + (2)) CHECK (c > 0 /* ) */),
  d text DEFAULT E'\'), (' COLLATE "C",
  e numeric(10, 2) DEFAULT /* ( */ 1.5 CONSTRAINT e_pos CHECK (e > 0),
  "f,g" text DEFAULT 'é✓' ,
  LIKE other,
  h int DEFAULT 0,
  CHECK (h < 10 AND ')' <> '('),
  z int DEFAULT -1
) WITH (fillfactor = 70);
CREATE TABLE last_default (id int, note text DEFAULT 'a)' -- trailing
);
ALTER TABLE tricky ADD COLUMN i text DEFAULT 'a,b' NOT NULL, ADD COLUMN j int DEFAULT (1) ,
  ADD CONSTRAINT k CHECK (i <> ')'), ADD COLUMN l text DEFAULT 'x' CHECK (l <> 'y');
CREATE POLICY "using (x)" ON tricky USING (a <> 'USING (') WITH CHECK (b = $$)$$ /* ( */);
ALTER POLICY "using (x)" ON public.tricky WITH CHECK ((a) IS NOT NULL);
CREATE POLICY "with check (" ON public.tricky AS PERMISSIVE FOR ALL TO "role ( x"
  WITH CHECK (c IN (SELECT x FROM other WHERE x > 0)) -- end
;
""",
]


def comparable(value: object) -> object:
    """``value`` with every span reduced to (path, start), as plain tuples and dicts.

    Fields out of comparisons (the catalog's pending replay events) are left out: events are
    taken for target files only, whose spans context mode does not promise.
    """
    if isinstance(value, Span):
        return (value.path, value.start)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            {
                f.name: comparable(getattr(value, f.name))
                for f in dataclasses.fields(value)
                if f.compare
            },
        )
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return tuple(comparable(item) for item in value)
    return value


def statement_spans(statements: Sequence[ir.Statement]) -> list[Span]:
    """Top-level spans, once per statement (ALTER TABLE sub-commands share theirs)."""
    spans: list[Span] = []
    for statement in statements:
        if not spans or spans[-1] != statement.span:
            spans.append(statement.span)
    return spans


def assert_same_replay(files: Sequence[SourceFile], every: int = 1) -> None:
    """Catalogs compared after every ``every``-th file and after the last."""
    full, context = Catalog(), Catalog()
    for number, source in enumerate(files, 1):
        full_ir = postgres.parse(source)
        context_ir = postgres.parse(source, context=True)
        assert statement_spans(context_ir) == statement_spans(full_ir), source.path
        for statement in full_ir:
            apply(full, statement)
        for statement in context_ir:
            apply(context, statement)
        if number % every == 0 or number == len(files):
            assert comparable(context) == comparable(full), source.path


def postgres_histories() -> dict[str, list[SourceFile]]:
    histories: dict[str, list[SourceFile]] = {}
    for case in [*sorted((TESTS / "scenarios").iterdir()), ROOT / "examples"]:
        for stream in discover([Path()], cwd=case).streams:
            if stream.dialect is POSTGRES:
                histories[f"{case.name}:{stream.root}"] = list(stream.files)
    for folder in sorted((TESTS / "groundtruth" / "histories").iterdir()):
        paths = sorted(folder.glob("*.sql"))
        histories[f"groundtruth:{folder.name}"] = [
            SourceFile(p.name, p.read_text(encoding="utf-8")) for p in paths
        ]
    corpus_files = ("supabase_functions.sql", "prisma_init.sql", "prisma_change.sql")
    histories["robustness corpus"] = [
        SourceFile(name, (TESTS / "robustness" / "corpus" / name).read_text(encoding="utf-8"))
        for name in corpus_files
    ]
    return histories


HISTORIES = postgres_histories()


@pytest.mark.parametrize("name", sorted(HISTORIES))
def test_context_mode_replays_every_fixture_history_to_the_same_catalog(name: str) -> None:
    assert_same_replay(HISTORIES[name])


def test_context_mode_replays_every_converter_to_the_same_catalog() -> None:
    files = [SourceFile(f"{n:04}_part.sql", sql) for n, sql in enumerate(EVERYTHING)]
    assert_same_replay(files)


def test_context_mode_replays_a_generated_history_to_the_same_catalog() -> None:
    assert_same_replay([SourceFile("corpus.sql", corpus(60_000))])


def test_context_mode_replays_the_bench_history_to_the_same_catalog(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    paths = generate.generate(tmp_path, 500, seed=7)
    files = [SourceFile(p.name, p.read_text(encoding="utf-8")) for p in paths]
    assert_same_replay(files, every=25)


def test_context_mode_keeps_a_nul_byte_an_unparsable_statement_in_place() -> None:
    source = SourceFile("nul.sql", "CREATE TABLE a (id int);\0\nCREATE TABLE b (id int);")
    statements = postgres.parse(source, context=True)
    assert [type(s).__name__ for s in statements] == ["CreateTable", "Unparsable", "CreateTable"]
    assert statements[1] == ir.Unparsable(
        Span("nul.sql", 24, 25), 'invalid byte sequence for encoding "UTF8": 0x00'
    )
    assert statement_spans(statements) == statement_spans(postgres.parse(source))


def test_context_mode_leaves_function_bodies_empty_and_data_statements_opaque() -> None:
    sql = (
        "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ DELETE FROM t $$;\n"
        "UPDATE t SET a = 1;\n"
        "DELETE FROM t;\n"
        "INSERT INTO t VALUES (1);"
    )
    statements = postgres.parse(SourceFile("c.sql", sql), context=True)

    def at(text: str) -> Span:
        start = sql.index(text + ";")
        return Span("c.sql", start, start + len(text))

    assert statements == (
        ir.CreateFunction(
            at(sql.split(";")[0]),
            None,
            "f",
            "sql",
            body=(),
            dynamic=False,
            returns="void",
            name_span=Span("c.sql", 16, 17),
        ),
        ir.Opaque(at("UPDATE t SET a = 1"), "UpdateStmt"),
        ir.Opaque(at("DELETE FROM t"), "DeleteStmt"),
        ir.Opaque(at("INSERT INTO t VALUES (1)"), "InsertStmt"),
    )


def test_context_mode_spans_of_parts_run_from_their_start_to_the_statement_end() -> None:
    sql = "CREATE TABLE t (\n  id int PRIMARY KEY,\n  org int REFERENCES o (id)\n)"
    [table] = postgres.parse(SourceFile("c.sql", sql), context=True)
    assert isinstance(table, ir.CreateTable)
    statement_end = len(sql)
    id_column, org_column = table.columns
    assert id_column.span == Span("c.sql", sql.index("id int"), statement_end)
    assert id_column.constraints[0].span == Span("c.sql", sql.index("PRIMARY"), statement_end)
    [foreign_key] = org_column.constraints
    assert foreign_key.span == Span("c.sql", sql.index("REFERENCES"), statement_end)


def test_context_mode_spans_the_replay_never_reads_are_not_looked_for() -> None:
    # Column names, REFERENCES clauses and table names other than the one CREATE TABLE makes
    # (the catalog keeps that one's span): the column's span or the statement's.
    sql = "CREATE TABLE t (id int REFERENCES o (id));\nCREATE INDEX i ON t (id)"
    table, index = postgres.parse(SourceFile("c.sql", sql), context=True)
    assert isinstance(table, ir.CreateTable)
    assert isinstance(index, ir.CreateIndex)
    assert table.table.span == Span("c.sql", sql.index("t ("), sql.index(" ("))
    [column] = table.columns
    assert column.name_span == column.span
    [foreign_key] = column.constraints
    assert foreign_key.references is not None
    assert foreign_key.references.span == table.span
    assert foreign_key.references.table.span == table.span
    assert index.table.span == index.span
