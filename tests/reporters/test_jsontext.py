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
