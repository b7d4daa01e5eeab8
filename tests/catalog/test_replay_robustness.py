"""Any sequence of statements replays without an exception and keeps the catalog coherent."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from schemalint import ir
from schemalint.catalog.model import Catalog
from schemalint.catalog.replay import apply
from schemalint.source import Span

SPAN = Span("m.sql", 0, 1)
names = st.sampled_from(["a", "b", "t", "t_a_key", "t_pkey", "a_idx"])
schemas = st.sampled_from([None, "public", "app", ""])
refs = st.builds(ir.TableRef, schemas, names, st.just(SPAN))
kinds = st.sampled_from(["primary_key", "unique", "foreign_key", "check", "exclude"])
fk_refs = st.builds(
    ir.ForeignKeyRef, refs, st.tuples(names) | st.just(()), st.none(), st.none(), st.just(SPAN)
)
constraints = st.builds(
    ir.ConstraintDef,
    kinds,
    st.none() | names,
    st.lists(names, max_size=2).map(tuple),
    st.just(SPAN),
    st.none() | fk_refs,
    st.none() | names,
)
columns = st.builds(
    ir.ColumnDef,
    names,
    st.just("integer"),
    st.booleans(),
    st.booleans(),
    st.just(SPAN),
    st.just(SPAN),
    constraints=st.lists(constraints, max_size=2).map(tuple),
)
statements = st.one_of(
    st.builds(
        ir.CreateTable,
        st.just(SPAN),
        refs,
        st.lists(columns, max_size=3).map(tuple),
        st.lists(constraints, max_size=2).map(tuple),
        st.booleans(),
    ),
    st.builds(
        ir.DropTable,
        st.just(SPAN),
        st.lists(refs, max_size=2).map(tuple),
        st.booleans(),
        st.booleans(),
    ),
    st.builds(ir.RenameTable, st.just(SPAN), refs, names),
    st.builds(ir.SetTableSchema, st.just(SPAN), refs, st.sampled_from(["public", "app"])),
    st.builds(ir.AddColumn, st.just(SPAN), refs, columns),
    st.builds(
        ir.DropColumn, st.just(SPAN), refs, names, st.just(SPAN), st.booleans(), st.booleans()
    ),
    st.builds(ir.RenameColumn, st.just(SPAN), refs, names, names, st.just(SPAN)),
    st.builds(ir.DropNotNull, st.just(SPAN), refs, names, st.just(SPAN)),
    st.builds(ir.AddConstraint, st.just(SPAN), refs, constraints),
    st.builds(
        ir.DropConstraint, st.just(SPAN), refs, names, st.just(SPAN), st.booleans(), st.booleans()
    ),
    st.builds(ir.RenameConstraint, st.just(SPAN), refs, names, names),
    st.builds(
        ir.CreateIndex,
        st.just(SPAN),
        st.none() | names,
        refs,
        st.lists(st.none() | names, max_size=2).map(tuple),
        st.booleans(),
    ),
    st.builds(
        ir.DropIndex, st.just(SPAN), st.lists(st.tuples(schemas, names), max_size=2).map(tuple)
    ),
    st.builds(ir.RenameIndex, st.just(SPAN), schemas, names, names),
    st.builds(ir.CreateSchema, st.just(SPAN), st.sampled_from(["app", "public"])),
    st.builds(
        ir.DropSchema,
        st.just(SPAN),
        st.tuples(st.sampled_from(["app", "public"])),
        st.booleans(),
        st.booleans(),
    ),
    st.builds(ir.SetSearchPath, st.just(SPAN), st.lists(schemas.map(str), max_size=2).map(tuple)),
    st.builds(ir.CreatePolicy, st.just(SPAN), refs, names, st.just(SPAN)),
    st.builds(ir.AlterPolicy, st.just(SPAN), refs, names, st.none() | names),
    st.builds(ir.Opaque, st.just(SPAN), st.just("x"), st.lists(refs, max_size=1).map(tuple)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(statements, max_size=25))
def test_any_statement_sequence_replays_and_keeps_index_owners_in_step(
    sequence: list[ir.Statement],
) -> None:
    catalog = Catalog()
    for statement in sequence:
        apply(catalog, statement)
    for (schema, index), owner in catalog.index_owner.items():
        table = catalog.tables[owner]
        assert schema == table.schema
        names_on_table = {i.name for i in table.indexes} | {
            c.name for c in table.constraints if c.kind in ("primary_key", "unique", "exclude")
        }
        assert index in names_on_table
    for table in catalog:
        backed = [
            c.name for c in table.constraints if c.kind in ("primary_key", "unique", "exclude")
        ]
        for name in [*backed, *(i.name for i in table.indexes)]:
            assert catalog.index_owner[(table.schema, name)] == table.key
        column_names = [c.name for c in table.columns]
        assert len(column_names) == len(set(column_names))
