"""What the policy rules (SL102, SL6xx) share: the exposed schemas, the roles a policy binds.

The exposed schemas are looked up here only, so that the project's own answer (Supabase's
``[api] schemas``) can replace the configured one in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from schemalint.catalog.model import Catalog, Policy, Table
from schemalint.catalog.privileges import Acl, holders
from schemalint.rules.base import SchemaContext, Settings

COMMANDS = ("select", "insert", "update", "delete")
# Roles every Supabase project has that are subject to row level security.
API_ROLES = ("anon", "authenticated")
# Pseudo-roles a policy may name that are no role of their own.
_PSEUDO_ROLES = frozenset({"public", "current_user", "session_user", "current_role"})
# Supabase's roles that bypass row level security (BYPASSRLS, or superuser).
DEFAULT_BYPASS_ROLES = ("service_role", "postgres", "supabase_admin")


def exposed_schemas(settings: Settings, override: tuple[str, ...] | None) -> tuple[str, ...]:
    """The schemas the API serves: a rule's own option when set, else the project's."""
    return settings.exposed_schemas if override is None else override


def rls_tables(ctx: SchemaContext[Any]) -> Iterator[Table]:
    """The judged tables whose policies are in force (row level security enabled).

    Policies on a table whose RLS is off do nothing (SL104 reports that): what they say
    is moot until RLS is on.
    """
    for table in ctx.tables():
        if table.rls_enabled and table.policies:
            yield table


def commands(policy: Policy) -> tuple[str, ...]:
    """The commands a policy applies to: ``ALL`` is the four."""
    return COMMANDS if policy.command == "all" else (policy.command,)


def named_roles(catalog: Catalog) -> tuple[str, ...]:
    """The roles the history names in its policies, first mention first."""
    found: dict[str, None] = {}
    for table in catalog:
        for policy in table.policies:
            for role in policy.roles:
                if role not in _PSEUDO_ROLES:
                    found.setdefault(role, None)
    return tuple(found)


def bypasses_rls(role: str, bypass: Iterable[str]) -> bool:
    """Whether ``role`` is exempt from row level security (so policies never run for it)."""
    return (
        role in bypass
        or role.startswith("pg_")
        or (role.startswith("supabase") and role.endswith("admin"))
    )


def applies_to(policy: Policy, roles: Iterable[str]) -> tuple[str, ...]:
    """The roles of ``roles`` the policy binds: ``public`` (no ``TO``) binds every one."""
    wanted = tuple(roles)
    if "public" in policy.roles:
        return wanted
    return tuple(role for role in wanted if role in policy.roles)


# Who reaches the API: the two API roles, and PUBLIC (every role, them included).
API_GRANTEES = ("public", *API_ROLES)
# PostgreSQL's major version when neither the rule's option nor the project says (Supabase
# creates projects on 15 and later).
DEFAULT_POSTGRES_VERSION = 15


def postgres_version(settings: Settings, override: int | None) -> int:
    """The PostgreSQL major version the migrations run on: the rule's own option when set,
    else the project's, else ``DEFAULT_POSTGRES_VERSION``. The one place rules ask."""
    if override is not None:
        return override
    if settings.postgres_version is not None:
        return settings.postgres_version
    return DEFAULT_POSTGRES_VERSION


def api_holders(acl: Acl, privilege: str) -> tuple[str, ...]:
    """Which of PUBLIC, ``anon`` and ``authenticated`` hold ``privilege`` in ``acl``."""
    held = holders(acl, privilege)
    return tuple(role for role in API_GRANTEES if role in held)


def grantee_list(roles: Iterable[str]) -> str:
    """``PUBLIC`` (every role) or the roles, in backticks."""
    return ", ".join("`PUBLIC`" if role == "public" else f"`{role}`" for role in roles)
