"""The one list of rules, ordered by code, and lookup by code or name."""

from __future__ import annotations

from typing import Any

from schemalint.rules.base import Rule
from schemalint.rules.sl001_syntax_error import SyntaxErrorRule
from schemalint.rules.sl002_unused_suppression import UnusedSuppression
from schemalint.rules.sl003_unknown_object import UnknownObject
from schemalint.rules.sl004_statement_would_fail import StatementWouldFail
from schemalint.rules.sl101_missing_tenant_column import MissingTenantColumn
from schemalint.rules.sl102_table_without_rls import TableWithoutRls
from schemalint.rules.sl103_rls_without_policy import RlsWithoutPolicy
from schemalint.rules.sl104_policy_without_rls import PolicyWithoutRls
from schemalint.rules.sl105_nullable_tenant_column import NullableTenantColumn
from schemalint.rules.sl106_tenant_column_without_foreign_key import TenantColumnWithoutForeignKey
from schemalint.rules.sl107_unique_without_tenant_column import UniqueWithoutTenantColumn
from schemalint.rules.sl108_policy_not_tenant_scoped import PolicyNotTenantScoped
from schemalint.rules.sl201_unindexed_foreign_key import UnindexedForeignKey
from schemalint.rules.sl301_not_null_without_backfill import NotNullWithoutBackfill
from schemalint.rules.sl401_hard_delete import HardDelete
from schemalint.rules.sl402_missing_soft_delete_column import MissingSoftDeleteColumn
from schemalint.rules.sl403_unique_ignores_soft_delete import UniqueIgnoresSoftDelete
from schemalint.rules.sl501_concurrently_in_transaction import ConcurrentlyInTransaction
from schemalint.rules.sl502_blocking_index_operation import BlockingIndexOperation
from schemalint.rules.sl503_blocking_validation import BlockingValidation
from schemalint.rules.sl504_validate_in_same_transaction import ValidateInSameTransaction
from schemalint.rules.sl505_table_rewrite import TableRewrite
from schemalint.rules.sl506_blocking_unique_constraint import BlockingUniqueConstraint
from schemalint.rules.sl507_missing_lock_timeout import MissingLockTimeout
from schemalint.rules.sl508_breaking_change import BreakingChange
from schemalint.rules.sl601_auth_call_per_row import AuthCallPerRow
from schemalint.rules.sl602_policy_column_unindexed import PolicyColumnUnindexed
from schemalint.rules.sl603_permissive_policy import PermissivePolicy
from schemalint.rules.sl604_policy_uses_user_metadata import PolicyUsesUserMetadata
from schemalint.rules.sl605_exposed_security_definer import ExposedSecurityDefiner
from schemalint.rules.sl606_mutable_search_path import MutableSearchPath
from schemalint.rules.sl607_view_bypasses_rls import ViewBypassesRls
from schemalint.rules.sl608_extension_in_public import ExtensionInPublic
from schemalint.rules.sl609_multiple_permissive_policies import MultiplePermissivePolicies
from schemalint.rules.sl701_missing_audit_trigger import MissingAuditTrigger
from schemalint.rules.sl801_prisma_migration_drift import PrismaMigrationDrift

SYNTAX_ERROR = SyntaxErrorRule
UNUSED_SUPPRESSION = UnusedSuppression

ALL_RULES: tuple[type[Rule[Any]], ...] = tuple(
    sorted(
        (
            SyntaxErrorRule,
            UnusedSuppression,
            UnknownObject,
            StatementWouldFail,
            MissingTenantColumn,
            TableWithoutRls,
            RlsWithoutPolicy,
            PolicyWithoutRls,
            NullableTenantColumn,
            TenantColumnWithoutForeignKey,
            UniqueWithoutTenantColumn,
            PolicyNotTenantScoped,
            UnindexedForeignKey,
            NotNullWithoutBackfill,
            HardDelete,
            MissingSoftDeleteColumn,
            AuthCallPerRow,
            PolicyColumnUnindexed,
            PermissivePolicy,
            PolicyUsesUserMetadata,
            ExposedSecurityDefiner,
            MutableSearchPath,
            ViewBypassesRls,
            ExtensionInPublic,
            MultiplePermissivePolicies,
            UniqueIgnoresSoftDelete,
            ConcurrentlyInTransaction,
            BlockingIndexOperation,
            ValidateInSameTransaction,
            BlockingValidation,
            BlockingUniqueConstraint,
            MissingLockTimeout,
            TableRewrite,
            BreakingChange,
            MissingAuditTrigger,
            PrismaMigrationDrift,
        ),
        key=lambda rule: rule.code,
    )
)


def find_rule(code_or_name: str) -> type[Rule[Any]] | None:
    """The rule with this code (``SL201``) or name (``unindexed-foreign-key``), any case."""
    wanted = code_or_name.strip().lower()
    for rule in ALL_RULES:
        if wanted in (rule.code.lower(), rule.name):
            return rule
    return None
