"""Hand-made IR for replay tests: spans advance so statement order is source order."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemalint import ir
from schemalint.source import Span

PATH = "migrations/0001.sql"


@dataclass
class Builder:
    offset: int = field(default=0)

    def span(self) -> Span:
        self.offset += 10
        return Span(PATH, self.offset, self.offset + 5)

    def ref(self, name: str, schema: str | None = None) -> ir.TableRef:
        return ir.TableRef(schema, name, self.span())

    def column(
        self,
        name: str,
        type_name: str = "integer",
        *,
        not_null: bool = False,
        has_default: bool = False,
        constraints: tuple[ir.ConstraintDef, ...] = (),
    ) -> ir.ColumnDef:
        span = self.span()
        return ir.ColumnDef(
            name, type_name, not_null, has_default, span, span, constraints=constraints
        )

    def constraint(
        self,
        kind: ir.ConstraintKind,
        *columns: str,
        name: str | None = None,
        references: tuple[str, tuple[str, ...]] | None = None,
        ref_schema: str | None = None,
        using_index: str | None = None,
    ) -> ir.ConstraintDef:
        span = self.span()
        fk = None
        if references is not None:
            fk = ir.ForeignKeyRef(
                self.ref(references[0], ref_schema), references[1], None, None, self.span()
            )
        # A CHECK built here reads the columns it is given.
        reads = columns if kind == "check" else ()
        return ir.ConstraintDef(kind, name, columns, span, fk, using_index, reads=reads)

    def create_table(
        self,
        name: str,
        *columns: ir.ColumnDef,
        constraints: tuple[ir.ConstraintDef, ...] = (),
        schema: str | None = None,
        if_not_exists: bool = False,
    ) -> ir.CreateTable:
        span = self.span()
        return ir.CreateTable(
            span, self.ref(name, schema), columns, constraints, if_not_exists=if_not_exists
        )

    def create_index(
        self, table: str, *columns: str | None, name: str | None = None, unique: bool = False
    ) -> ir.CreateIndex:
        return ir.CreateIndex(self.span(), name, self.ref(table), columns, unique=unique)
