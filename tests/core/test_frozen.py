"""``@frozen`` makes what ``@dataclass(frozen=True, slots=True)`` makes, only cheaper."""

from __future__ import annotations

import copy
import dataclasses
import gc
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import schemalint
from schemalint.frozen import frozen, no_cyclic_gc, replace


@frozen
class Base:
    span: int


@frozen
class Cheap(Base):
    name: str
    parts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StdBase:
    span: int


@dataclass(frozen=True, slots=True)
class Std(StdBase):
    name: str
    parts: tuple[str, ...] = ()


@frozen
class One:
    value: int


@frozen
class Documented:
    """Says what it is."""

    value: int


def test_equality_hash_and_repr_are_those_of_a_frozen_dataclass() -> None:
    cheap, std = Cheap(1, "t", ("a",)), Std(1, "t", ("a",))
    assert cheap == Cheap(span=1, name="t", parts=("a",))
    assert cheap != Cheap(1, "t")
    assert cheap != Std(1, "t", ("a",))
    assert Cheap.__eq__(cheap, std) is NotImplemented
    assert hash(cheap) == hash(std) == hash((1, "t", ("a",)))
    assert hash(One(5)) == hash((5,))
    assert (
        repr(cheap)
        == repr(std).replace("Std(", "Cheap(")
        == "Cheap(span=1, name='t', parts=('a',))"
    )


def test_the_class_is_a_slotted_dataclass_with_the_same_init_fields_and_match_args() -> None:
    assert dataclasses.is_dataclass(Cheap)
    assert [f.name for f in dataclasses.fields(Cheap)] == ["span", "name", "parts"]
    assert Cheap.__slots__ == Std.__slots__ == ("name", "parts")
    assert Cheap.__match_args__ == Std.__match_args__
    assert Cheap(1, "t").parts == ()
    assert not hasattr(Cheap(1, "t"), "__dict__")
    with pytest.raises(TypeError):
        Cheap(1)  # type: ignore[call-arg]


def test_init_takes_the_arguments_dataclasses_init_takes() -> None:
    assert Cheap(1, name="t") == Cheap(span=1, name="t", parts=())
    assert Cheap.__init__.__qualname__ == "Cheap.__init__"
    for make in (Cheap, Std):
        with pytest.raises(TypeError, match=r"got multiple values for argument 'name'"):
            make(1, "t", name="u")  # type: ignore[misc]
        with pytest.raises(TypeError, match=r"unexpected keyword argument 'other'"):
            make(1, "t", other=2)  # type: ignore[call-arg]


def test_classes_with_as_many_fields_share_the_compiled_init() -> None:
    # Compiled once per number of fields: compiling was most of declaring a class.
    assert One.__init__.__code__.co_code == Documented.__init__.__code__.co_code
    assert One.__init__.__code__.co_varnames == ("self", "value")
    assert Cheap.__init__.__code__.co_varnames == ("self", "span", "name", "parts")


def test_the_docstring_is_the_class_s_or_the_signature_dataclasses_would_write() -> None:
    assert Cheap.__doc__ == Std.__doc__.replace("Std(", "Cheap(")  # type: ignore[union-attr]
    assert Cheap.__doc__ == "Cheap(span: 'int', name: 'str', parts: 'tuple[str, ...]' = ())"
    assert Documented.__doc__ == "Says what it is."


def test_assignment_and_deletion_raise_frozen_instance_error() -> None:
    cheap = Cheap(1, "t")
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'name'"):
        cheap.name = "u"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'name'"):
        del cheap.name  # type: ignore[misc]


def test_replace_copy_and_pickle_give_equal_objects() -> None:
    cheap = Cheap(1, "t", ("a",))
    assert dataclasses.replace(cheap, name="u") == Cheap(1, "u", ("a",))
    assert copy.deepcopy(cheap) == cheap
    assert copy.copy(cheap) == cheap
    assert pickle.loads(pickle.dumps(cheap)) == cheap


def test_frozen_replace_makes_what_dataclasses_replace_makes() -> None:
    cheap = Cheap(1, "t", ("a",))
    for changes in ({}, {"name": "u"}, {"span": 2, "parts": ()}):
        made = replace(cheap, **changes)
        assert made == dataclasses.replace(cheap, **changes)
        assert type(made) is Cheap
    assert replace(One(3), value=4) == One(4)
    with pytest.raises(TypeError) as raised:
        replace(cheap, nme="u")
    assert str(raised.value) == "Cheap.__init__() got an unexpected keyword 'nme'"
    # Any other dataclass goes to dataclasses.replace.
    assert replace(Std(1, "t"), name="u") == Std(1, "u")
    with pytest.raises(TypeError, match="unexpected keyword argument 'nme'"):
        replace(Std(1, "t"), nme="u")


def test_the_package_replaces_through_frozen_replace() -> None:
    """``frozen.replace`` is ``dataclasses.replace`` on any other dataclass and half its cost on
    a ``@frozen`` one (the replay, the engine and the fixes copy objects by the thousand): the
    package's one ``replace``; only ``frozen.py`` itself calls dataclasses'."""
    package = Path(schemalint.__file__).parent
    direct = re.compile(
        r"(?<![`\w])dataclasses\.replace\(|^\s*from dataclasses import [^\n]*\breplace\b", re.M
    )
    offending = [
        path.relative_to(package).as_posix()
        for path in sorted(package.rglob("*.py"))
        if path.name != "frozen.py" and direct.search(path.read_text(encoding="utf-8"))
    ]
    assert offending == []


def test_no_cyclic_gc_pauses_the_collector_and_restores_its_state() -> None:
    assert gc.isenabled()
    with no_cyclic_gc():
        assert not gc.isenabled()
        with no_cyclic_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs without it
    assert gc.isenabled()
    with pytest.raises(KeyError), no_cyclic_gc():
        raise KeyError("x")
    assert gc.isenabled()
    gc.disable()
    try:
        with no_cyclic_gc():
            pass
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()


def test_fields_it_does_not_generate_an_init_for_are_refused() -> None:
    with pytest.raises(TypeError, match="@frozen takes plain fields"):

        @frozen
        class Factory:
            items: list[int] = field(default_factory=list)

    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

        @frozen
        class Order:
            a: int = 0
            b: int  # type: ignore[misc]


def test_rule_options_share_the_frozen_methods_with_keyword_fields() -> None:
    from schemalint.rules.sl401_hard_delete import HardDeleteOptions

    options = HardDeleteOptions(allow=("public.sessions",))
    assert options == HardDeleteOptions(allow=("public.sessions",))
    assert options != HardDeleteOptions()
    assert hash(options) == hash(HardDeleteOptions(allow=("public.sessions",)))
    assert repr(options) == (
        "HardDeleteOptions(soft_delete_column=None, allow=('public.sessions',))"
    )
    assert dataclasses.replace(options, allow=()) == HardDeleteOptions()
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'allow'"):
        options.allow = ()  # type: ignore[misc]
    with pytest.raises(TypeError, match="unexpected keyword argument 'allowed'"):
        HardDeleteOptions(allowed=())  # type: ignore[call-arg]
