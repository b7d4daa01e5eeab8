from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from schemalint.catalog.model import Constraint, Table, TableMap
from schemalint.source import Span

SPAN = Span("m.sql", 0, 1)
KEYS = [("public", "a"), ("public", "b"), ("app", "a"), ("app", "c")]


def _table(key: tuple[str, str], parents: tuple[tuple[str, str], ...], checks: int) -> Table:
    constraints = tuple(Constraint("check", f"{key[1]}_check{i}", (), SPAN) for i in range(checks))
    return Table(*key, SPAN, SPAN, constraints=constraints, parents=parents)


operations = st.lists(
    st.tuples(
        st.sampled_from(["set", "del", "pop"]),
        st.sampled_from(KEYS),
        st.lists(st.sampled_from(KEYS), max_size=2, unique=True).map(tuple),
        st.integers(0, 2),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(operations)
def test_children_and_constraint_names_follow_every_assignment_and_removal(
    steps: list[tuple[str, tuple[str, str], tuple[tuple[str, str], ...], int]],
) -> None:
    tables = TableMap()
    for action, key, parents, checks in steps:
        if action == "set":
            tables[key] = _table(key, parents, checks)
        elif action == "del" and key in tables:
            del tables[key]
        elif action == "pop":
            tables.pop(key)
    for key in KEYS:
        assert tables.children(key) == [t for t in tables.values() if key in t.parents]
    names = {(t.schema, c.name) for t in tables.values() for c in t.constraints}
    for schema, name in {(s, f"{t}_check{i}") for s, t in KEYS for i in range(3)}:
        assert tables.has_constraint(schema, name) == ((schema, name) in names)


def test_a_table_that_gains_and_loses_parents_is_counted_as_it_is_now() -> None:
    tables = TableMap()
    tables[("public", "a")] = _table(("public", "a"), (), 0)
    tables[("public", "b")] = _table(("public", "b"), (("public", "a"),), 0)
    assert [t.name for t in tables.children(("public", "a"))] == ["b"]
    tables[("public", "b")] = _table(("public", "b"), (), 0)
    assert tables.children(("public", "a")) == []
    tables[("public", "b")] = _table(("public", "b"), (("public", "a"),), 0)
    assert [t.name for t in tables.children(("public", "a"))] == ["b"]
