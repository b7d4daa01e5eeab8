"""``jsontext.dumps`` writes exactly what ``json.dumps(indent=2)`` writes."""

from __future__ import annotations

import enum
import json
import random
from typing import Any

import pytest

from schemalint.output import jsontext

_SCALARS: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -3,
    1.5,
    float("nan"),
    float("-inf"),
    1e300,
    10**30,
    "",
    "a\nb",
    "caf\u00e9 \u2615 \ud800",
    '"q\\',
)


def _value(rng: random.Random, depth: int) -> Any:
    pick = rng.random()
    if depth > 3 or pick < 0.4:
        return rng.choice(_SCALARS)
    if pick < 0.7:
        keys = ("a", "b", "\u00e9", "z", "\n", "0")
        return {
            rng.choice(keys) + str(rng.randint(0, 3)): _value(rng, depth + 1)
            for _ in range(rng.randint(0, 4))
        }
    items = [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return items if rng.random() < 0.8 else tuple(items)


@pytest.mark.parametrize("ensure_ascii", [True, False])
@pytest.mark.parametrize("sort_keys", [True, False])
def test_same_text_as_json_dumps(ensure_ascii: bool, sort_keys: bool) -> None:
    rng = random.Random(23)
    for _ in range(2000):
        value = _value(rng, 0)
        expected = json.dumps(value, indent=2, ensure_ascii=ensure_ascii, sort_keys=sort_keys)
        assert jsontext.dumps(value, ensure_ascii=ensure_ascii, sort_keys=sort_keys) == expected


@pytest.mark.parametrize(
    "value", [{1: 2, "a": [1]}, {None: [{}]}, {"x": {1: 2}}, [{True: [1]}], "x", 1, None, [], {}]
)
def test_keys_that_are_not_strings_and_bare_scalars(value: Any) -> None:
    assert jsontext.dumps(value) == json.dumps(value, indent=2)


class _Word(str, enum.Enum):
    ERROR = "error"


@pytest.mark.parametrize(
    "value",
    [{"level": _Word.ERROR, "n": 1}, [_Word.ERROR, 2], {_Word.ERROR: [1], "k": [_Word.ERROR]}],
)
def test_a_str_subclass_is_written_as_the_plain_string(value: Any) -> None:
    assert jsontext.dumps(value) == json.dumps(value, indent=2)


def _streamed(rng: random.Random, value: Any) -> Any:
    """``value`` with some of its lists (at any depth) given as ``Streamed`` generators."""
    if isinstance(value, dict):
        return {key: _streamed(rng, item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        items = [_streamed(rng, item) for item in value]
        return jsontext.Streamed(iter(items)) if rng.random() < 0.5 else items
    return value


@pytest.mark.parametrize("sort_keys", [True, False])
def test_dump_with_streamed_arrays_writes_the_text_of_json_dumps(sort_keys: bool) -> None:
    rng = random.Random(7)
    for _ in range(2000):
        value = _value(rng, 0)
        pieces: list[str] = []
        jsontext.dump(_streamed(rng, value), pieces.append, ensure_ascii=False, sort_keys=sort_keys)
        expected = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=sort_keys)
        assert "".join(pieces) == expected


def test_dump_writes_a_streamed_array_while_its_items_are_still_being_made() -> None:
    made: list[int] = []
    written_when: list[int] = []

    def items() -> Any:
        for number in range(20_000):
            made.append(number)
            yield {"n": number, "list": [number]}

    def write(piece: str) -> None:
        written_when.append(len(made))

    jsontext.dump({"findings": jsontext.Streamed(items())}, write)

    assert len(written_when) > 2
    assert written_when[0] < 20_000  # the first piece left before the last item was made


def test_dumps_lays_out_a_streamed_array_as_a_list() -> None:
    value = {"a": jsontext.Streamed(iter([1, {"b": []}])), "c": jsontext.Streamed(iter(()))}
    assert jsontext.dumps(value) == json.dumps({"a": [1, {"b": []}], "c": []}, indent=2)


def test_dump_refuses_keys_that_are_not_strings() -> None:
    with pytest.raises(TypeError, match="dump takes string keys only"):
        jsontext.dump({1: [2]}, lambda piece: None)
