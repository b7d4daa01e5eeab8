from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from schemalint.catalog.index_owners import IndexOwners

SCHEMAS = ["public", "app", "other"]
NAMES = ["a_pkey", "a_idx", "b_idx"]
keys = st.tuples(st.sampled_from(SCHEMAS), st.sampled_from(NAMES))
tables = st.tuples(st.sampled_from(SCHEMAS), st.sampled_from(["a", "b"]))


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["set", "same-schema", "del", "pop"]), keys, tables),
        max_size=40,
    )
)
def test_index_owners_answer_as_a_dict_does(
    steps: list[tuple[str, tuple[str, str], tuple[str, str]]],
) -> None:
    owners, model = IndexOwners(), {}
    for action, key, table in steps:
        if action in ("set", "same-schema"):
            # The replay always gives an index its table's schema; other owners are kept too.
            owner = (key[0], table[1]) if action == "same-schema" else table
            owners[key] = model[key] = owner
        elif action == "del" and key in model:
            del owners[key]
            del model[key]
        elif action == "pop":
            assert owners.pop(key, None) == model.pop(key, None)
    assert owners == model and dict(owners) == model and len(owners) == len(model)
    for key in [(s, n) for s in SCHEMAS for n in NAMES]:
        assert (key in owners) == (key in model)
        assert owners.get(key) == model.get(key)
    copied = copy.copy(owners)
    for key in list(model):
        del copied[key]
    assert owners == model and not copied


def test_an_index_name_held_in_two_schemas_keeps_both_owners() -> None:
    owners = IndexOwners([(("public", "t_pkey"), ("public", "t"))])
    owners[("app", "t_pkey")] = ("app", "t")
    assert (owners[("public", "t_pkey")], owners[("app", "t_pkey")]) == (
        ("public", "t"),
        ("app", "t"),
    )
    del owners[("public", "t_pkey")]
    assert dict(owners) == {("app", "t_pkey"): ("app", "t")}
    assert ("public", "t_pkey") not in owners and "t_pkey" not in owners
