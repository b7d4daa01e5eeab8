"""Provenance: the replay records, per table property rules read, the statement that last gave
it its current value (``catalog.provenance``); redundant statements move nothing."""

from __future__ import annotations

from schemalint.catalog import codec, provenance
from schemalint.catalog.model import Catalog, Table
from schemalint.catalog.replay import apply
from schemalint.frontends.postgres import frontend as postgres
from schemalint.source import SourceFile

HISTORY = [
    """CREATE TABLE orgs (id uuid PRIMARY KEY);
CREATE TABLE items (
  id uuid PRIMARY KEY,
  org_id uuid REFERENCES orgs (id),
  owner_id uuid,
  code text UNIQUE,
  note text,
  deleted_at timestamptz
);
CREATE INDEX items_org_idx ON items (org_id, owner_id);
CREATE INDEX items_owner_partial ON items (owner_id) WHERE deleted_at IS NULL;
ALTER TABLE items ENABLE ROW LEVEL SECURITY;
ALTER TABLE items ENABLE ROW LEVEL SECURITY;
CREATE POLICY a ON items USING (true);
CREATE POLICY b ON items USING (true);
""",
    """DROP POLICY a ON items;
ALTER TABLE items ALTER COLUMN note SET NOT NULL;
ALTER TABLE items ALTER COLUMN note SET NOT NULL;
ALTER TABLE items ADD CONSTRAINT items_owner_fkey FOREIGN KEY (owner_id) REFERENCES orgs (id);
DROP INDEX items_owner_partial;
""",
    """DROP POLICY b ON items;
ALTER TABLE items DISABLE ROW LEVEL SECURITY;
DROP INDEX items_org_idx;
ALTER TABLE items DROP CONSTRAINT items_code_key;
ALTER TABLE items RENAME COLUMN deleted_at TO removed_at;
ALTER TABLE items ADD COLUMN tenant_id uuid;
CREATE SCHEMA private;
ALTER TABLE orgs SET SCHEMA private;
""",
]


def _replay(files: list[SourceFile], *, context: bool = False) -> Catalog:
    catalog = Catalog()
    for source in files:
        for statement in postgres.parse(source, context=context):
            apply(catalog, statement)
    return catalog


def _files() -> list[SourceFile]:
    return [SourceFile(f"m/{n}.sql", text) for n, text in enumerate(HISTORY, 1)]


def _statement(files: list[SourceFile], table: Table, prop: str) -> tuple[str, int, str] | None:
    """Where ``prop`` last changed: (file, line, the statement's text)."""
    change = table.latest(prop)
    if change is None:
        return None
    source = next(f for f in files if f.path == change.span.path)
    line = source.position(change.span.start).line
    return (change.span.path, line, source.text[change.span.start : change.span.end])


def test_each_property_records_the_statement_that_gave_its_value() -> None:
    files = _files()
    items = _replay(files).tables[("public", "items")]

    def at(prop: str) -> tuple[str, int, str] | None:
        return _statement(files, items, prop)

    # The second ENABLE changed nothing; the DISABLE did.
    assert at(provenance.RLS) == ("m/3.sql", 2, "ALTER TABLE items DISABLE ROW LEVEL SECURITY")
    # Dropping one of two policies leaves some: only the last DROP POLICY changed "has policies".
    assert at(provenance.POLICIES) == ("m/3.sql", 1, "DROP POLICY b ON items")
    # The second SET NOT NULL found the column NOT NULL already.
    assert at(provenance.not_null("note")) == (
        "m/2.sql",
        2,
        "ALTER TABLE items ALTER COLUMN note SET NOT NULL",
    )
    # A key added to an existing table; one that came with CREATE TABLE has no record.
    assert at(provenance.constraint("items_owner_fkey")) == (
        "m/2.sql",
        4,
        "ALTER TABLE items ADD CONSTRAINT items_owner_fkey FOREIGN KEY (owner_id) "
        "REFERENCES orgs (id)",
    )
    assert at(provenance.constraint("items_org_id_fkey")) is None
    # Each prefix of a dropped index's key; a partial index never covered a key.
    drop_index = ("m/3.sql", 3, "DROP INDEX items_org_idx")
    assert at(provenance.key(["org_id"])) == drop_index
    assert at(provenance.key(["owner_id", "org_id"])) == drop_index
    assert at(provenance.key(["owner_id"])) is None
    assert at(provenance.key(["code"])) == (
        "m/3.sql",
        4,
        "ALTER TABLE items DROP CONSTRAINT items_code_key",
    )
    rename = ("m/3.sql", 5, "ALTER TABLE items RENAME COLUMN deleted_at TO removed_at")
    assert at(provenance.column("deleted_at")) == rename
    assert at(provenance.column("removed_at")) == rename
    assert at(provenance.column("tenant_id")) == (
        "m/3.sql",
        6,
        "ALTER TABLE items ADD COLUMN tenant_id uuid",
    )
    assert at(provenance.column("note")) is None
    orgs = _replay(files).tables[("private", "orgs")]
    assert _statement(files, orgs, provenance.SCHEMA) == (
        "m/3.sql",
        8,
        "ALTER TABLE orgs SET SCHEMA private",
    )


def test_latest_is_the_most_recent_of_several_properties() -> None:
    files = _files()
    items = _replay(files).tables[("public", "items")]

    latest = items.latest(provenance.RLS, provenance.POLICIES)

    # The DISABLE (m/3.sql line 2) came after the last policy change (m/3.sql line 1).
    assert latest is not None
    assert latest == items.latest(provenance.RLS)
    assert _statement(files, items, latest.prop) == (
        "m/3.sql",
        2,
        "ALTER TABLE items DISABLE ROW LEVEL SECURITY",
    )
    assert items.latest() is None
    assert items.latest("no such property") is None


def test_a_table_born_with_its_state_has_no_record() -> None:
    files = [SourceFile("m/1.sql", HISTORY[0])]
    items = _replay(files).tables[("public", "items")]

    def at(prop: str) -> tuple[str, int, str] | None:
        return _statement(files, items, prop)

    # The first ENABLE flipped RLS; the first CREATE POLICY gave it a policy.
    assert at(provenance.RLS) == ("m/1.sql", 12, "ALTER TABLE items ENABLE ROW LEVEL SECURITY")
    assert at(provenance.POLICIES) == ("m/1.sql", 14, "CREATE POLICY a ON items USING (true)")
    assert items.latest(provenance.column("org_id"), provenance.key(["org_id"])) is None


def test_context_mode_records_the_same_changes() -> None:
    files = _files()
    full = _replay(files)
    context = _replay(files, context=True)

    assert full.clock == context.clock
    for key, table in full.tables.items():
        assert context.tables[key].changes == table.changes


def test_the_cache_codec_keeps_changes_and_the_clock() -> None:
    catalog = _replay(_files())

    loaded = codec.loads(codec.dumps(catalog))

    assert loaded.clock == catalog.clock > 0
    for key, table in catalog.tables.items():
        assert loaded.tables[key].changes == table.changes


def test_a_foreign_key_that_went_away_is_recorded_on_its_table() -> None:
    files = [
        SourceFile(
            "m/1.sql",
            "CREATE TABLE orgs (id uuid PRIMARY KEY);\n"
            "CREATE TABLE teams (id uuid PRIMARY KEY);\n"
            "CREATE TABLE items (\n"
            "  id uuid PRIMARY KEY,\n"
            "  org_id uuid CONSTRAINT items_org_fkey REFERENCES orgs (id),\n"
            "  team_id uuid REFERENCES teams (id),\n"
            "  note text\n"
            ");\n",
        ),
        SourceFile(
            "m/2.sql",
            "ALTER TABLE items DROP CONSTRAINT items_org_fkey;\nDROP TABLE teams CASCADE;\n",
        ),
    ]
    items = _replay(files).tables[("public", "items")]

    assert items.foreign_keys == ()
    assert _statement(files, items, provenance.foreign_key_removed("org_id")) == (
        "m/2.sql",
        1,
        "ALTER TABLE items DROP CONSTRAINT items_org_fkey",
    )
    assert _statement(files, items, provenance.foreign_key_removed("team_id")) == (
        "m/2.sql",
        2,
        "DROP TABLE teams CASCADE",
    )
    assert items.latest(provenance.foreign_key_removed("note")) is None


def test_objects_carry_the_clock_of_their_making_and_made_at_compares_it() -> None:
    catalog = _replay(_files())
    items = catalog.tables[("public", "items")]
    fkey = items.constraint("items_owner_fkey")
    added = items.latest(provenance.constraint("items_owner_fkey"))
    assert fkey is not None and added is not None
    # Made just before its own record: the ADD CONSTRAINT is not "after" it.
    assert fkey.order == added.order - 1
    assert provenance.made_at(added, fkey.span, fkey.order) == fkey.span
    # A change after the object moves the finding; one before it never does.
    later = provenance.Change("p", added.span, fkey.order + 1)
    earlier = provenance.Change("p", added.span, fkey.order)
    definition = items.name_span
    assert provenance.made_at(later, definition, fkey.order) == added.span
    assert provenance.made_at(earlier, definition, fkey.order) == definition
    # Objects born in CREATE TABLE carry the clock of then: before any of the table's changes.
    born = items.constraint("items_org_id_fkey")
    assert born is not None
    assert all(change.order > born.order for change in items.changes)
    loaded = codec.loads(codec.dumps(catalog)).tables[("public", "items")]
    assert [c.order for c in loaded.constraints] == [c.order for c in items.constraints]
    # A policy carries the clock when it was made: after the ENABLE (clock 1) for ``a``,
    # after ``a`` gave the table its first policy (clock 2) for ``b``.
    first = _replay(_files()[:1])
    policies = first.tables[("public", "items")].policies
    assert [(p.name, p.order) for p in policies] == [("a", 1), ("b", 2)]
    assert [i.order for i in first.tables[("public", "items")].indexes] == [0, 0]
    reloaded = codec.loads(codec.dumps(first)).tables[("public", "items")]
    assert [p.order for p in reloaded.policies] == [1, 2]
