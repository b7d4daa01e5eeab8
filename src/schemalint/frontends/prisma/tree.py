"""The Prisma schema syntax tree: frozen dataclasses, every node with its exact span.

Names are kept as written (Prisma field and model names); the lowering turns them into SQL
names. Spans of lines (fields, enum values, attributes) end at the last token, so a trailing
comment is never part of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, Protocol, TypeAlias, TypeVar

from schemalint.frozen import frozen
from schemalint.source import Span

ModelKind = Literal["model", "view", "type"]
ConfigKind = Literal["datasource", "generator"]


@frozen
class StringLit:
    """A string literal; ``value`` has its JSON escapes decoded."""

    value: str
    span: Span


@frozen
class NumberLit:
    """A number kept as written (``-1``, ``0.5``, ``12345678901234567890``)."""

    text: str
    span: Span


@frozen
class PathExpr:
    """A bare name or dotted path: ``true``, ``Cascade``, ``Desc``, ``db.Uuid``."""

    name: str
    span: Span


@frozen
class FunctionCall:
    """``now()``, ``dbgenerated("…")``, ``uuid(7)``, ``createdAt(sort: Desc)``, ``env("X")``."""

    name: str
    args: tuple[Argument, ...]
    span: Span


@frozen
class ArrayExpr:
    items: tuple[Expression, ...]
    span: Span


@frozen
class ObjectMember:
    key: str
    value: Expression
    span: Span


@frozen
class ObjectExpr:
    """``{ deletedAt: null }`` (partial indexes, Prisma 7.4+)."""

    members: tuple[ObjectMember, ...]
    span: Span


Expression: TypeAlias = StringLit | NumberLit | PathExpr | FunctionCall | ArrayExpr | ObjectExpr


@frozen
class Argument:
    """``name: value`` or a positional ``value`` (``name`` is then ``None``)."""

    name: str | None
    value: Expression
    span: Span


@frozen
class Attribute:
    """``@name(args)`` on a field or enum value, ``@@name(args)`` on a block.

    ``name`` is the dotted path without the ``@`` signs (``id``, ``db.VarChar``, ``index``).
    ``span`` runs from the ``@`` to the closing parenthesis (or the end of the name).
    """

    name: str
    args: tuple[Argument, ...]
    span: Span
    name_span: Span

    def arg(self, name: str, *, position: int | None = None) -> Expression | None:
        """The argument called ``name``, or the positional one at ``position``."""
        positional = 0
        for argument in self.args:
            if argument.name == name:
                return argument.value
            if argument.name is None:
                if positional == position:
                    return argument.value
                positional += 1
        return None


@frozen
class FieldType:
    """``name`` is a scalar, model, enum or composite name, or the SQL text of Unsupported."""

    name: str
    span: Span
    optional: bool = False
    is_list: bool = False
    unsupported: bool = False


@frozen
class Field:
    name: str
    name_span: Span
    type: FieldType
    attributes: tuple[Attribute, ...]
    span: Span
    documentation: str | None = None

    def attribute(self, name: str) -> Attribute | None:
        return _find(self.attributes, name)


@frozen
class Model:
    """A ``model``, ``view`` or composite ``type`` block; ``span`` runs to its ``}``."""

    kind: ModelKind
    name: str
    name_span: Span
    fields: tuple[Field, ...]
    attributes: tuple[Attribute, ...]
    span: Span
    documentation: str | None = None

    def field(self, name: str) -> Field | None:
        return _find(self.fields, name)

    def attribute(self, name: str) -> Attribute | None:
        return _find(self.attributes, name)


@frozen
class EnumValue:
    name: str
    name_span: Span
    attributes: tuple[Attribute, ...]
    span: Span
    documentation: str | None = None


@frozen
class Enum:
    name: str
    name_span: Span
    values: tuple[EnumValue, ...]
    attributes: tuple[Attribute, ...]
    span: Span
    documentation: str | None = None

    def attribute(self, name: str) -> Attribute | None:
        return _find(self.attributes, name)


@frozen
class ConfigProperty:
    """``key = value`` in a datasource or generator; ``value`` is ``None`` for ``key =``."""

    name: str
    name_span: Span
    value: Expression | None
    span: Span


@frozen
class ConfigBlock:
    kind: ConfigKind
    name: str
    name_span: Span
    properties: tuple[ConfigProperty, ...]
    span: Span

    def property(self, name: str) -> Expression | None:
        found = _find(self.properties, name)
        return found.value if found else None


Declaration: TypeAlias = Model | Enum | ConfigBlock


@frozen
class SchemaFile:
    path: str
    declarations: tuple[Declaration, ...]


@frozen
class Schema:
    """Every file of one Prisma schema: they share one namespace."""

    files: tuple[SchemaFile, ...]

    def declarations(self) -> Iterator[Declaration]:
        for schema_file in self.files:
            yield from schema_file.declarations

    @property
    def models(self) -> tuple[Model, ...]:
        return tuple(d for d in self.declarations() if isinstance(d, Model))

    @property
    def enums(self) -> tuple[Enum, ...]:
        return tuple(d for d in self.declarations() if isinstance(d, Enum))

    @property
    def configs(self) -> tuple[ConfigBlock, ...]:
        return tuple(d for d in self.declarations() if isinstance(d, ConfigBlock))


class _Named(Protocol):
    @property
    def name(self) -> str: ...


_NamedT = TypeVar("_NamedT", bound=_Named)


def _find(items: tuple[_NamedT, ...], name: str) -> _NamedT | None:
    """The first item called ``name`` (Prisma reports duplicates; lookups take the first)."""
    for item in items:
        if item.name == name:
            return item
    return None
