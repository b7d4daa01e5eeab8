"""Privileges in the catalog: access lists and the default privileges new objects start with.

An access list (``Acl``) is a sorted tuple of ``(grantee, privilege)`` pairs, ``public`` for
PUBLIC; the owner's own privileges are left out (the owner is the role running the
migrations). Only what the history can know is modelled: role membership is not.

Default privileges follow PostgreSQL: a new object's access list is the *global* entry of
its owner for its object class (the built-in default unless an ``ALTER DEFAULT PRIVILEGES``
without ``IN SCHEMA`` changed it: PUBLIC's EXECUTE for functions, nothing for tables and
sequences) plus the owner's entry for the object's schema, which can only add. Later
``ALTER DEFAULT PRIVILEGES`` change no existing object.

A Supabase project starts with the platform's own entries, which ``supabase_defaults``
returns: the ``postgres`` role (which runs the migrations) grants everything on new tables,
sequences and functions in ``public`` to ``anon``, ``authenticated`` and ``service_role``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Acl = tuple[tuple[str, str], ...]
# (owner role, schema or None for the global entry, object class)
DefaultKey = tuple[str, str | None, str]

# The role that runs the migrations and owns what they create.
MIGRATION_ROLE = "postgres"

ALL_PRIVILEGES: Mapping[str, tuple[str, ...]] = {
    "tables": ("select", "insert", "update", "delete", "truncate", "references", "trigger"),
    "sequences": ("usage", "select", "update"),
    "functions": ("execute",),
}
# What an object class's global entry holds before any ALTER DEFAULT PRIVILEGES.
BUILT_IN: Mapping[str, Acl] = {
    "tables": (),
    "sequences": (),
    "functions": (("public", "execute"),),
}
SUPABASE_API_ROLES = ("anon", "authenticated", "service_role")


def supabase_defaults() -> dict[DefaultKey, Acl]:
    """The default privileges a Supabase database has before the first migration."""
    return {
        (MIGRATION_ROLE, "public", object_class): acl(
            (role, privilege)
            for role in SUPABASE_API_ROLES
            for privilege in ALL_PRIVILEGES[object_class]
        )
        for object_class in ("tables", "sequences", "functions")
    }


def acl(pairs: Iterable[tuple[str, str]]) -> Acl:
    return tuple(sorted(set(pairs)))


def expand(object_class: str, privileges: tuple[str, ...]) -> tuple[str, ...]:
    """The privileges a GRANT names, ``ALL`` (``()``) spelled out for the class."""
    known = ALL_PRIVILEGES.get(object_class, ())
    if not privileges or "all" in privileges:
        return known
    return tuple(p for p in privileges if p in known)


def change(
    current: Acl, grant: bool, privileges: tuple[str, ...], grantees: tuple[str, ...]
) -> Acl:
    """``current`` after GRANT (``grant``) or REVOKE of ``privileges`` to/from ``grantees``."""
    pairs = {(g, p) for g in grantees for p in privileges}
    if grant:
        return acl((*current, *pairs))
    return tuple(pair for pair in current if pair not in pairs)


def initial_acl(
    defaults: Mapping[DefaultKey, Acl], owner: str, schema: str, object_class: str
) -> Acl:
    """The access list of an object ``owner`` creates in ``schema`` (see the module doc)."""
    global_entry = defaults.get((owner, None, object_class), BUILT_IN.get(object_class, ()))
    return acl((*global_entry, *defaults.get((owner, schema, object_class), ())))


def holders(entries: Acl, privilege: str) -> tuple[str, ...]:
    """The grantees holding ``privilege``."""
    return tuple(g for g, p in entries if p == privilege)
