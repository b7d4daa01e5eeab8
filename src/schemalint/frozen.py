"""``@frozen``: a frozen, slotted dataclass that is cheap to declare.

``@dataclass(frozen=True, slots=True)`` writes the source of six methods per class and compiles
each with ``exec``; for the data classes the CLI imports that was a large part of its
start-up. ``@frozen`` makes the same dataclass - fields, generated
``__init__`` (instances are built by the ten thousand, so it stays compiled per class),
``__slots__``, ``__match_args__``, ``==``, ``hash``, ``repr``, ``FrozenInstanceError`` on
assignment, pickling and copying - but ``==``, ``hash``, ``repr`` and the frozen guards are the
shared functions below, which read the field values with one ``operator.attrgetter`` per class.

They behave as the generated ones do: ``==`` compares the fields (those with ``compare``) of two
instances of the very same class and returns ``NotImplemented`` otherwise; ``hash`` hashes that
same tuple; ``repr`` is ``Name(field=value, ...)`` over the fields with ``repr``.
``dataclasses.replace``, ``fields`` and ``asdict`` work as on any dataclass. The one difference:
``__dataclass_params__.frozen`` is False, as dataclasses itself never writes these methods, so a
``@frozen`` class may only inherit from ``@frozen`` classes (dataclasses refuses the mix anyway).
"""

from __future__ import annotations

import dataclasses
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from operator import attrgetter
from types import CodeType, FunctionType
from typing import Any, TypeVar

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:
    from typing_extensions import dataclass_transform

_T = TypeVar("_T")


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function returning the tuple of those attributes (attrgetter alone unwraps one name)."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    if not names:
        return lambda obj: ()
    return attrgetter(*names)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        return self.__frozen_compared__(self) == self.__frozen_compared__(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__frozen_hashed__(self))


def _repr(self: Any) -> str:
    names = self.__frozen_repr_names__
    values = self.__frozen_repr_values__(self)
    shown = ", ".join(f"{name}={value!r}" for name, value in zip(names, values, strict=True))
    return f"{self.__class__.__qualname__}({shown})"


def _setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: Any) -> tuple[Any, ...]:
    # Per class names and getter: ``--jobs`` workers send back findings by the thousand.
    return self.__frozen_values__(self)  # type: ignore[no-any-return]


def _setstate(self: Any, state: tuple[Any, ...]) -> None:
    for name, value in zip(self.__frozen_names__, state, strict=False):
        object.__setattr__(self, name, value)


def _init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """``__init__(self, <fields in order>)`` storing each through its slot's descriptor.

    A slot descriptor's ``__set__`` bypasses the frozen ``__setattr__`` as
    ``object.__setattr__`` does, at half its cost (no attribute lookup by name): objects are
    built by the ten thousand.
    """
    cls_name = cls.__qualname__
    defaults: list[Any] = []
    for f in fields:
        if f.default_factory is not dataclasses.MISSING or not f.init or f.kw_only is True:
            raise TypeError(f"{cls_name}.{f.name}: @frozen takes plain fields (use @dataclass)")
        if f.default is not dataclasses.MISSING:
            defaults.append(f.default)
        elif defaults:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
    # The code of an __init__ of as many arguments, its arguments renamed after the fields;
    # its globals the fields' slot setters.
    code = _init_code(len(fields)).replace(co_varnames=("self", *(f.name for f in fields)))
    setters = {f"__set_{i}": getattr(cls, f.name).__set__ for i, f in enumerate(fields)}
    init: Any = FunctionType(code, setters, "__init__", tuple(defaults) or None)
    init.__annotations__ = {"return": None}
    init.__qualname__ = f"{cls_name}.__init__"
    return init  # type: ignore[no-any-return]


@cache
def _init_code(count: int) -> CodeType:
    """``def __init__(self, _0, ..., _{count-1})`` storing argument i with ``__set_i``:
    compiled once per number of fields, not once per class (compiling is most of the cost
    of declaring a class, and the CLI declares ~130 of them at start-up)."""
    params = "".join(f", _{i}" for i in range(count))
    body = "".join(f"\n    __set_{i}(self, _{i})" for i in range(count)) or "\n    pass"
    namespace: dict[str, Any] = {}
    exec(f"def __init__(self{params}):{body}", namespace)
    return namespace["__init__"].__code__  # type: ignore[no-any-return]


def _signature(fields: tuple[dataclasses.Field[Any], ...]) -> str:
    """``a: 'int', b: 'str' = ''``: what ``inspect.signature`` shows of the ``__init__``."""
    return ", ".join(
        f"{f.name}: {f.type!r}" + ("" if f.default is dataclasses.MISSING else f" = {f.default!r}")
        for f in fields
    )


@dataclass_transform(frozen_default=True, eq_default=True)
def frozen(cls: type[_T]) -> type[_T]:
    """The class as ``@dataclass(frozen=True, slots=True)`` makes it, declared cheaply."""
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__qualname__}: @frozen has no __post_init__ (use @dataclass)")
    # Without a docstring dataclasses writes the signature of __init__ there, through
    # inspect.signature, which costs as much again as the rest (no __init__ exists yet, so it
    # tokenizes object's); the same text is written below from the fields.
    documented = bool(cls.__doc__)
    if not documented:
        cls.__doc__ = cls.__name__
    made: Any = dataclasses.dataclass(slots=True, init=False, eq=False, repr=False)(cls)
    fields = dataclasses.fields(made)
    if not documented:
        made.__doc__ = f"{cls.__name__}({_signature(fields)})"
    made.__init__ = _init(made, fields)
    share_frozen_methods(made)
    made.__frozen_positions__ = {name: at for at, name in enumerate(made.__frozen_names__)}
    return made  # type: ignore[no-any-return]


def replace(obj: _T, /, **changes: Any) -> _T:
    """``dataclasses.replace``, at about half its cost on a ``@frozen`` instance.

    dataclasses reads the fields one by one in Python, checking each field's kind, and calls
    ``__init__`` by keyword; every field of a ``@frozen`` class is a plain positional
    ``__init__`` argument, so the values are read by one attrgetter and passed on in order.
    The replay copies a table for each thing it adds to it, the engine a finding for each
    fingerprint: tens of thousands of times in a large file.
    """
    cls: Any = obj.__class__
    positions = cls.__dict__.get("__frozen_positions__")
    if positions is None:
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    values = list(cls.__frozen_values__(obj))
    for name, value in changes.items():
        position = positions.get(name)
        if position is None:
            raise TypeError(f"{cls.__qualname__}.__init__() got an unexpected keyword {name!r}")
        values[position] = value
    return cls(*values)  # type: ignore[no-any-return]


def share_frozen_methods(cls: type) -> None:
    """Gives a dataclass made without generated methods the shared ``==``, hash, repr, frozen
    guards and pickling of ``@frozen`` (``RuleOptions``, which needs keyword-only fields with
    default factories, makes its own ``__init__``)."""
    fields = dataclasses.fields(cls)

    def names(keep: Callable[[dataclasses.Field[Any]], bool]) -> tuple[str, ...]:
        return tuple(f.name for f in fields if keep(f))

    repr_names = names(lambda f: f.repr)
    every_name = names(lambda f: True)
    made: Any = cls
    made.__frozen_names__ = every_name
    made.__frozen_values__ = staticmethod(_values(every_name))
    made.__frozen_compared__ = staticmethod(_values(names(lambda f: f.compare)))
    made.__frozen_hashed__ = staticmethod(
        _values(names(lambda f: f.compare if f.hash is None else f.hash))
    )
    made.__frozen_repr_names__ = repr_names
    made.__frozen_repr_values__ = staticmethod(_values(repr_names))
    made.__eq__ = _eq
    made.__hash__ = _hash
    made.__repr__ = _repr
    made.__setattr__ = _setattr
    made.__delattr__ = _delattr
    made.__getstate__ = _getstate
    made.__setstate__ = _setstate


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Run the block with the cyclic garbage collector paused (restored after, when it was on).

    A run builds its data as frozen objects that hold one another in one direction only:
    parse trees, IR, catalog, findings. Reference counting frees all of it; the collector's
    passes, triggered by the allocations alone, find no cycle (none freed in a 20 MB history)
    yet walk the ever larger heap of long-lived objects: about a fifth of the CPU of a 20 MB
    file, and growing faster than the input (each full pass walks everything made so far).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
