"""Functions, privileges, views and extensions in the replayed catalog (and the cache codec)."""

from __future__ import annotations

from schemalint.catalog import codec
from schemalint.catalog.model import Catalog
from schemalint.catalog.replay import apply
from schemalint.frontends.postgres import frontend as postgres
from schemalint.source import SourceFile


def replay(sql: str) -> Catalog:
    catalog = Catalog()
    for statement in postgres.parse(SourceFile("m/0001.sql", sql)):
        apply(catalog, statement)
    return catalog


HISTORY = """
CREATE FUNCTION public.f(a integer, OUT b text, VARIADIC c text[]) RETURNS record
  LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT 'x'::text $$;
CREATE FUNCTION public.f(a varchar(10)) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
GRANT EXECUTE ON FUNCTION f(int4, text[]) TO reporter;
REVOKE EXECUTE ON FUNCTION f(varchar) FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres GRANT SELECT ON TABLES TO auditor;
CREATE VIEW v WITH (security_invoker = yes) AS
  WITH recent AS (SELECT 1) SELECT * FROM recent, orders, auth.users;
CREATE EXTENSION citext;
"""


def test_functions_are_keyed_by_their_input_signature_with_their_privileges() -> None:
    catalog = replay(HISTORY)
    first = catalog.functions[("public", "f", ("int4", "text[]"))]
    second = catalog.functions[("public", "f", ("varchar",))]
    assert (first.security_definer, first.search_path, first.returns) == (True, True, "record")
    assert first.acl == (
        ("anon", "execute"),
        ("authenticated", "execute"),
        ("public", "execute"),
        ("reporter", "execute"),
        ("service_role", "execute"),
    )
    assert ("public", "execute") not in second.acl


def test_views_record_options_relations_read_and_default_privileges() -> None:
    catalog = replay(HISTORY)
    view = catalog.views[("public", "v")]
    assert view.security_invoker
    assert view.reads == (("public", "orders"), ("auth", "users"))
    assert view.reads_auth_users
    assert ("auditor", "select") in view.acl and ("anon", "select") in view.acl
    assert catalog.extensions["citext"].schema == "public"


def test_the_cache_codec_keeps_them() -> None:
    catalog = replay(HISTORY)
    again = codec.loads(codec.dumps(catalog))
    assert again.functions == catalog.functions
    assert again.views == catalog.views
    assert again.extensions == catalog.extensions
    assert again.default_privileges == catalog.default_privileges
