"""The dialect-neutral intermediate representation of migration statements.

Frontends (PostgreSQL through pglast, MySQL/SQLite through sqlglot) turn SQL text into these
frozen dataclasses; the replay applies them to a Catalog; change rules judge them.

Conventions:
- Identifiers are already normalised the way the database does it (PostgreSQL folds unquoted
  names to lower case and keeps quoted ones as written).
- ``span`` on a statement covers the whole SQL statement (without its terminating ``;``). An
  ``ALTER TABLE`` with several sub-commands becomes several IR statements sharing that span;
  each part a finding may point at carries its own span (``name_span``, ``column.span``...).
- ``schema`` is ``None`` when the SQL did not qualify the name; the replay resolves it with the
  search path.
"""

from __future__ import annotations

from schemalint.ir.base import Opaque, Statement, TableRef, Unparsable
from schemalint.ir.columns import (
    AddColumn,
    AlterColumnType,
    ColumnDef,
    DropColumn,
    DropDefault,
    DropExpression,
    DropNotNull,
    RenameColumn,
    SetDefault,
    SetNotNull,
)
from schemalint.ir.constraints import (
    AddConstraint,
    ConstraintDef,
    ConstraintKind,
    CreateIndex,
    DropConstraint,
    DropIndex,
    ForeignKeyRef,
    RenameConstraint,
    RenameIndex,
)
from schemalint.ir.data import Delete, Truncate, Update
from schemalint.ir.operations import (
    AddEnumValue,
    NonTransactional,
    Reindex,
    ReindexTarget,
    RewriteTable,
    SetLockTimeout,
    ValidateConstraint,
)
from schemalint.ir.privileges import AlterDefaultPrivileges, FunctionRef, ObjectClass, Privileges
from schemalint.ir.routines import (
    AlterFunction,
    CreateFunction,
    CreateTrigger,
    DoBlock,
    DropFunction,
    DropTrigger,
)
from schemalint.ir.schemas import (
    CreateExtension,
    CreateSchema,
    DropSchema,
    RenameType,
    SetSearchPath,
)
from schemalint.ir.security import (
    AlterPolicy,
    ClauseFacts,
    ColumnRead,
    CreatePolicy,
    DisableRls,
    DropPolicy,
    EnableRls,
    ForceRls,
    Mention,
    PolicyClause,
    PolicyCommand,
)
from schemalint.ir.tables import (
    AttachPartition,
    CreateTable,
    DetachPartition,
    DropTable,
    Inherit,
    LikeTable,
    RenameTable,
    SetTableSchema,
)
from schemalint.ir.views import (
    AlterExtensionSchema,
    CreateForeignTable,
    CreateView,
    DropExtension,
    DropView,
    RenameView,
    SetViewOptions,
    ViewKind,
)

# The ALTER TABLE actions on one table (ALTER TABLE's own forms; partitions and inheritance aside).
ALTER_TABLE_ACTIONS = (
    AddColumn,
    DropColumn,
    RenameColumn,
    AlterColumnType,
    SetNotNull,
    DropNotNull,
    SetDefault,
    DropDefault,
    DropExpression,
    AddConstraint,
    DropConstraint,
    RenameConstraint,
    EnableRls,
    DisableRls,
    ForceRls,
    RenameTable,
    SetTableSchema,
)

__all__ = [
    "ALTER_TABLE_ACTIONS",
    "AddColumn",
    "AddConstraint",
    "AddEnumValue",
    "AlterColumnType",
    "AlterDefaultPrivileges",
    "AlterExtensionSchema",
    "AlterFunction",
    "AlterPolicy",
    "AttachPartition",
    "ClauseFacts",
    "ColumnDef",
    "ColumnRead",
    "ConstraintDef",
    "ConstraintKind",
    "CreateExtension",
    "CreateForeignTable",
    "CreateFunction",
    "CreateIndex",
    "CreatePolicy",
    "CreateSchema",
    "CreateTable",
    "CreateTrigger",
    "CreateView",
    "Delete",
    "DetachPartition",
    "DisableRls",
    "DoBlock",
    "DropColumn",
    "DropConstraint",
    "DropDefault",
    "DropExpression",
    "DropExtension",
    "DropFunction",
    "DropIndex",
    "DropNotNull",
    "DropPolicy",
    "DropSchema",
    "DropTable",
    "DropTrigger",
    "DropView",
    "EnableRls",
    "ForceRls",
    "ForeignKeyRef",
    "FunctionRef",
    "Inherit",
    "LikeTable",
    "Mention",
    "NonTransactional",
    "ObjectClass",
    "Opaque",
    "PolicyClause",
    "PolicyCommand",
    "Privileges",
    "Reindex",
    "ReindexTarget",
    "RenameColumn",
    "RenameConstraint",
    "RenameIndex",
    "RenameTable",
    "RenameType",
    "RenameView",
    "RewriteTable",
    "SetDefault",
    "SetLockTimeout",
    "SetNotNull",
    "SetSearchPath",
    "SetTableSchema",
    "SetViewOptions",
    "Statement",
    "TableRef",
    "Truncate",
    "Unparsable",
    "Update",
    "ValidateConstraint",
    "ViewKind",
]
