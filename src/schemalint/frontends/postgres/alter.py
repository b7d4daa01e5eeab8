"""ALTER TABLE (one IR statement per sub-command), renames and SET SCHEMA."""

from __future__ import annotations

from schemalint import ir
from schemalint.frontends.postgres import security as pg_security
from schemalint.frontends.postgres.constraints import constraint_def
from schemalint.frontends.postgres.nodes import Node, strings, table_ref, type_name
from schemalint.frontends.postgres.plain import Plain, comment_free
from schemalint.frontends.postgres.tables import column_def
from schemalint.frontends.postgres.text import Stmt, name_end
from schemalint.frozen import replace
from schemalint.source import Span

# Sub-commands that cannot change a table's columns, constraints or indexes.
_HARMLESS = frozenset(
    {
        "AT_SetRelOptions",
        "AT_ResetRelOptions",
        "AT_ReplaceRelOptions",
        "AT_ChangeOwner",
        "AT_AlterConstraint",
        "AT_ReplicaIdentity",
        "AT_EnableTrig",
        "AT_EnableAlwaysTrig",
        "AT_EnableReplicaTrig",
        "AT_DisableTrig",
        "AT_EnableTrigAll",
        "AT_DisableTrigAll",
        "AT_EnableTrigUser",
        "AT_DisableTrigUser",
        "AT_EnableRule",
        "AT_EnableAlwaysRule",
        "AT_EnableReplicaRule",
        "AT_DisableRule",
        "AT_SetStatistics",
        "AT_SetOptions",
        "AT_ResetOptions",
        "AT_SetStorage",
        "AT_SetCompression",
        "AT_ClusterOn",
        "AT_DropCluster",
        "AT_SetLogged",
        "AT_SetUnLogged",
        "AT_SetAccessMethod",
        "AT_SetTableSpace",
        "AT_SetExpression",
        "AT_GenericOptions",
        "AT_SetIdentity",
        # The second step of DETACH PARTITION ... CONCURRENTLY: the first detached it.
        "AT_DetachPartitionFinalize",
    }
)
_FUNCTIONS = frozenset({"OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE"})
# Relations kept in the catalog's views model (``catalog.views``).
_RELATIONS = frozenset({"OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE"})


class _Segments:
    """The comma-separated sub-commands of an ALTER TABLE, as token ranges."""

    def __init__(self, stmt: Stmt, relation: Node, count: int) -> None:
        self.stmt = stmt
        self.relation = relation
        self.count = count
        self._parts: list[tuple[int, int]] | None = None

    @property
    def parts(self) -> list[tuple[int, int]]:
        """Scanned on first use: most ALTER TABLEs need no sub-span at all."""
        if self._parts is None:
            stmt = self.stmt
            tokens = stmt.tokens
            start = name_end(stmt.piece.text, stmt.loc(self.relation))
            parts = tokens.split(tokens.at(start), len(tokens))
            # Should the split ever disagree with the parser, point at the whole statement.
            self._parts = parts if len(parts) == self.count else []
        return self._parts

    def alone(self, node: Node) -> Plain | None:
        """The text of the only sub-command from ``node``'s start to the statement's end,
        when it holds no comment: its parts are found without the scanner."""
        stmt = self.stmt
        location = node.get("location", -1)
        if self.count != 1 or stmt.context or location < 0:
            return None
        text = stmt.piece.text
        start = stmt.piece.loc(location)
        if not (stmt.start <= start < stmt.end and comment_free(text, start, stmt.end)):
            return None
        return Plain(text, start, stmt.end).up_to(stmt.end)

    def column_span(self, index: int, *optional: tuple[str, ...]) -> Span:
        """The span of the name after the optional leading keywords of sub-command ``index``."""
        if self.stmt.context or not self.parts:
            return self.stmt.span
        first, _ = self.parts[index]
        name = self.stmt.tokens.skip(first, *optional)
        return self.stmt.tokens_span(name, name)

    def text_from(self, index: int, start: int) -> str:
        """The text of sub-command ``index`` from offset ``start`` to its end."""
        if not self.parts:
            return ""
        _, stop = self.parts[index]
        return self.stmt.sql(start, self.stmt.tokens.ends[stop - 1])

    def after(self, index: int, words: tuple[str, ...]) -> str:
        """The text of sub-command ``index`` after the keywords ``words``."""
        if not self.parts:
            return ""
        first, stop = self.parts[index]
        found = self.stmt.tokens.find(words, first, stop)
        return self.stmt.tokens_sql(found + len(words), stop - 1) if found >= 0 else ""


def alter_table(node: Node, stmt: Stmt) -> list[ir.Statement]:
    relation = node.get("relation", {})
    if node.get("objtype") == "OBJECT_VIEW":
        return pg_security.view_options(node, stmt)
    if node.get("objtype") != "OBJECT_TABLE":
        return [ir.Opaque(stmt.span, "AlterTableStmt")]
    table = _only(table_ref(stmt, relation, if_exists=bool(node.get("missing_ok"))), relation)
    commands = [c.get("AlterTableCmd", {}) for c in node.get("cmds", ())]
    segments = _Segments(stmt, relation, len(commands))
    return [_command(c, i, stmt, table, segments) for i, c in enumerate(commands)]


def _only(table: ir.TableRef, relation: Node) -> ir.TableRef:
    """``ALTER TABLE ONLY t``: the parser leaves ``inh`` unset."""
    return table if relation.get("inh") else replace(table, only=True)


def _command(
    cmd: Node, index: int, stmt: Stmt, table: ir.TableRef, segments: _Segments
) -> ir.Statement:
    subtype = cmd.get("subtype", "")
    span = stmt.span
    name = cmd.get("name", "")
    definition = cmd.get("def", {})
    missing_ok = bool(cmd.get("missing_ok"))
    cascade = cmd.get("behavior") == "DROP_CASCADE"
    alter_column = (("ALTER",), ("COLUMN",))
    if subtype == "AT_AddColumn" and "ColumnDef" in definition:
        column_node = definition["ColumnDef"]
        column = column_def(column_node, stmt, table, stretch=segments.alone(column_node))
        return ir.AddColumn(span, table, column, if_not_exists=missing_ok)
    if subtype == "AT_DropColumn":
        where = segments.column_span(index, ("DROP",), ("COLUMN",), ("IF_P", "EXISTS"))
        return ir.DropColumn(span, table, name, where, if_exists=missing_ok, cascade=cascade)
    if subtype == "AT_AlterColumnType":
        new_type = type_name(definition.get("ColumnDef", {}).get("typeName"))
        where = segments.column_span(index, *alter_column)
        using = _computed(definition.get("ColumnDef", {}).get("raw_default"), name)
        return ir.AlterColumnType(span, table, name, new_type, where, using=using)
    if subtype == "AT_SetNotNull":
        return ir.SetNotNull(span, table, name, segments.column_span(index, *alter_column))
    if subtype == "AT_DropNotNull":
        return ir.DropNotNull(span, table, name, segments.column_span(index, *alter_column))
    if subtype == "AT_ColumnDefault":
        where = segments.column_span(index, *alter_column)
        if definition:
            default = segments.after(index, ("SET", "DEFAULT"))
            return ir.SetDefault(span, table, name, default, where)
        return ir.DropDefault(span, table, name, where)
    if subtype == "AT_DropExpression":
        return ir.DropExpression(span, table, name, segments.column_span(index, *alter_column))
    if subtype == "AT_AddIdentity" and "Constraint" in definition:
        # An identity column fills itself, which is what the IR calls having a default.
        where = segments.column_span(index, *alter_column)
        identity = segments.text_from(index, stmt.loc(definition["Constraint"]))
        return ir.SetDefault(span, table, name, identity, where)
    if subtype == "AT_DropIdentity":
        return ir.DropDefault(span, table, name, segments.column_span(index, *alter_column))
    if subtype == "AT_AddConstraint" and "Constraint" in definition:
        constraint = definition["Constraint"]
        return _add_constraint(constraint, stmt, table, segments.alone(constraint))
    if subtype == "AT_DropConstraint":
        where = segments.column_span(index, ("DROP",), ("CONSTRAINT",), ("IF_P", "EXISTS"))
        return ir.DropConstraint(span, table, name, where, if_exists=missing_ok, cascade=cascade)
    if subtype == "AT_DetachPartition" and definition.get("PartitionCmd", {}).get("concurrent"):
        return ir.NonTransactional(span, "DETACH PARTITION ... CONCURRENTLY", (table,))
    if subtype == "AT_ValidateConstraint":
        where = segments.column_span(index, ("VALIDATE",), ("CONSTRAINT",))
        return ir.ValidateConstraint(span, table, name, where)
    if subtype == "AT_EnableRowSecurity":
        return ir.EnableRls(span, table)
    if subtype == "AT_DisableRowSecurity":
        return ir.DisableRls(span, table)
    if subtype in ("AT_ForceRowSecurity", "AT_NoForceRowSecurity"):
        return ir.ForceRls(span, table, force=subtype == "AT_ForceRowSecurity")
    if subtype in ("AT_SetLogged", "AT_SetUnLogged"):
        command = "SET LOGGED" if subtype == "AT_SetLogged" else "SET UNLOGGED"
        return ir.RewriteTable(span, command, (table,))
    partition = definition.get("PartitionCmd", {}).get("name")
    if subtype == "AT_AttachPartition" and partition:
        return ir.AttachPartition(span, table, table_ref(stmt, partition))
    if subtype == "AT_DetachPartition" and partition:
        return ir.DetachPartition(span, table, table_ref(stmt, partition))
    if subtype in ("AT_AddInherit", "AT_DropInherit") and "RangeVar" in definition:
        parent = table_ref(stmt, definition["RangeVar"])
        return ir.Inherit(span, table, parent, no=subtype == "AT_DropInherit")
    tables = () if subtype in _HARMLESS else (table,)
    return ir.Opaque(span, subtype or "AlterTableCmd", tables)


def _computed(using: Node | None, column: str) -> bool:
    """Whether a ``USING`` expression computes new values: anything but the column itself or
    a cast of it (which PostgreSQL treats like no ``USING`` at all)."""
    if not using:
        return False
    while "TypeCast" in using:
        using = using["TypeCast"].get("arg", {})
    fields = using.get("ColumnRef", {}).get("fields", ())
    return not (len(fields) == 1 and fields[0].get("String", {}).get("sval") == column)


def _add_constraint(
    node: Node, stmt: Stmt, table: ir.TableRef, stretch: Plain | None
) -> ir.Statement:
    if node.get("contype") == "CONSTR_NOTNULL":
        # PostgreSQL 18: ADD CONSTRAINT name NOT NULL column marks the column NOT NULL
        # (``attnotnull``, also when NOT VALID) under a constraint of that name.
        keys = strings(node.get("keys"))
        if keys:
            where = stmt.piece.span(stmt.loc(node), stmt.end)
            not_valid = bool(node.get("skip_validation"))
            name = node.get("conname") or None
            return ir.SetNotNull(
                stmt.span, table, keys[0], where, not_valid=not_valid, constraint=name
            )
    constraint = constraint_def(node, stmt, table, stretch)
    if constraint is None:
        return ir.Opaque(stmt.span, "AT_AddConstraint", (table,))
    return ir.AddConstraint(stmt.span, table, constraint)


def rename(node: Node, stmt: Stmt) -> list[ir.Statement]:
    kind = node.get("renameType")
    relation = node.get("relation", {})
    new_name = node.get("newname", "")
    old_name = node.get("subname", "")
    if_exists = bool(node.get("missing_ok"))
    if kind == "OBJECT_TABLE":
        table = table_ref(stmt, relation, if_exists=if_exists)
        return [ir.RenameTable(stmt.span, table, new_name)]
    if kind == "OBJECT_COLUMN" and node.get("relationType") == "OBJECT_TABLE":
        where = stmt.span if stmt.context else _renamed_column_span(stmt)
        table = _only(table_ref(stmt, relation, if_exists=if_exists), relation)
        return [ir.RenameColumn(stmt.span, table, old_name, new_name, where)]
    if kind == "OBJECT_TABCONSTRAINT":
        table = table_ref(stmt, relation, if_exists=if_exists)
        return [ir.RenameConstraint(stmt.span, table, old_name, new_name)]
    if kind == "OBJECT_INDEX":
        schema = relation.get("schemaname")
        return [ir.RenameIndex(stmt.span, schema, relation.get("relname", ""), new_name)]
    if kind == "OBJECT_POLICY":
        table = table_ref(stmt, relation)
        return [ir.AlterPolicy(stmt.span, table, old_name, new_name=new_name)]
    if kind in _FUNCTIONS:
        return [pg_security.rename_function(node, stmt)]
    if kind in _RELATIONS:
        return [ir.RenameView(stmt.span, table_ref(stmt, relation), new_name=new_name)]
    if kind == "OBJECT_TYPE":
        names = strings(node.get("object", {}).get("List", {}).get("items"))
        if 1 <= len(names) <= 2:
            schema = names[0] if len(names) == 2 else None
            return [ir.RenameType(stmt.span, schema, names[-1], new_name)]
    return [ir.Opaque(stmt.span, "RenameStmt")]


def _renamed_column_span(stmt: Stmt) -> Span:
    tokens = stmt.tokens
    keyword = tokens.find(("RENAME",), 0, len(tokens))
    name = tokens.skip(keyword, ("RENAME",), ("COLUMN",))
    return stmt.tokens_span(name, name) if keyword >= 0 else stmt.span


def set_schema(node: Node, stmt: Stmt) -> list[ir.Statement]:
    if node.get("objectType") == "OBJECT_TABLE":
        table = table_ref(stmt, node.get("relation", {}), if_exists=bool(node.get("missing_ok")))
        return [ir.SetTableSchema(stmt.span, table, node.get("newschema", ""))]
    kind = node.get("objectType")
    schema = node.get("newschema", "")
    if kind in _FUNCTIONS:
        return [pg_security.function_schema(node, stmt)]
    if kind in _RELATIONS:
        view = table_ref(stmt, node.get("relation", {}))
        return [ir.RenameView(stmt.span, view, new_schema=schema)]
    if kind == "OBJECT_EXTENSION":
        name = node.get("object", {}).get("String", {}).get("sval", "")
        return [ir.AlterExtensionSchema(stmt.span, name, schema)]
    return [ir.Opaque(stmt.span, "AlterObjectSchemaStmt")]
