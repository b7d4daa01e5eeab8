"""``Constraint.statement_span``: the top-level statement that made the constraint."""

from __future__ import annotations

from schemalint.catalog import replay
from schemalint.catalog.model import Catalog
from schemalint.frontends.postgres import frontend as postgres
from schemalint.source import SourceFile

SQL = """CREATE TABLE orgs (id int PRIMARY KEY);
CREATE TABLE users (id int PRIMARY KEY, org_id int REFERENCES orgs);
ALTER TABLE users ADD COLUMN manager_id int REFERENCES users;
ALTER TABLE "users"
  ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);
DO $$
BEGIN
  ALTER TABLE users ADD CONSTRAINT users_self_fk FOREIGN KEY (manager_id) REFERENCES users;
END
$$;
"""


def _statement_text(name: str) -> str:
    catalog = Catalog()
    for statement in postgres.parse(SourceFile("m.sql", SQL)):
        replay.apply(catalog, statement)
    constraint = catalog.tables[("public", "users")].constraint(name)
    assert constraint is not None and constraint.statement_span is not None
    return SQL[constraint.statement_span.start : constraint.statement_span.end]


def test_inline_constraints_belong_to_their_create_table() -> None:
    assert _statement_text("users_org_id_fkey") == (
        "CREATE TABLE users (id int PRIMARY KEY, org_id int REFERENCES orgs)"
    )
    assert _statement_text("users_pkey").startswith("CREATE TABLE users")


def test_add_column_and_add_constraint_belong_to_their_alter_table() -> None:
    assert _statement_text("users_manager_id_fkey") == (
        "ALTER TABLE users ADD COLUMN manager_id int REFERENCES users"
    )
    assert _statement_text("users_org_fk") == (
        'ALTER TABLE "users"\n  ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id)'
    )


def test_a_constraint_made_in_a_do_block_belongs_to_the_do_statement() -> None:
    assert _statement_text("users_self_fk") == SQL[SQL.index("DO $$") : SQL.rindex(";")]
