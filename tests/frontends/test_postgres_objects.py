from __future__ import annotations

import json

from schemalint import ir
from schemalint.frontends.postgres.pglast_parser import parse_sql_json
from schemalint.frontends.postgres.policy_facts import clause_facts
from schemalint.frontends.postgres.policy_text import PolicyText
from schemalint.frontends.postgres.text import Piece, Stmt
from schemalint.source import Span
from tests.frontends.pg_helpers import PATH, between, parse, ref, span, text_of


def test_create_index_variants() -> None:
    sql = (
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_a ON ONLY app.tasks"
        " USING gin (tags, lower(title), (code)) WHERE deleted_at IS NULL;\n"
        "CREATE INDEX ON tasks (org_id) INCLUDE (title);"
    )
    assert parse(sql) == (
        ir.CreateIndex(
            between(sql, "CREATE UNIQUE", "IS NULL"),
            "idx_a",
            ref(sql, "tasks", "app.tasks", "app"),
            # ``(code)`` is the column itself, as PostgreSQL keys it.
            ("tags", None, "code"),
            unique=True,
            partial=True,
            concurrently=True,
            if_not_exists=True,
            method="gin",
            expression_columns=("title", "code"),
            predicate_columns=("deleted_at",),
            key_names=("tags", "lower", "code"),
            only=True,
        ),
        ir.CreateIndex(
            span(sql, "CREATE INDEX ON tasks (org_id) INCLUDE (title)"),
            None,
            ref(sql, "tasks", "tasks", after="\n"),
            ("org_id",),
            include_columns=("title",),
            key_names=("org_id", "title"),
        ),
    )


def test_drop_and_rename_index() -> None:
    sql = "DROP INDEX CONCURRENTLY IF EXISTS a, s.b;\nALTER INDEX IF EXISTS s.i RENAME TO j;"
    assert parse(sql) == (
        ir.DropIndex(
            span(sql, "DROP INDEX CONCURRENTLY IF EXISTS a, s.b"),
            ((None, "a"), ("s", "b")),
            if_exists=True,
            concurrently=True,
        ),
        ir.RenameIndex(span(sql, "ALTER INDEX IF EXISTS s.i RENAME TO j"), "s", "i", "j"),
    )


def test_create_policy_keeps_roles_and_expressions_as_written() -> None:
    sql = (
        'CREATE POLICY "Members read" ON public.tasks AS RESTRICTIVE FOR UPDATE\n'
        '  TO authenticated, PUBLIC, "Admins"\n'
        "  USING ( org_id IN (SELECT org_id FROM members WHERE user_id = (SELECT auth.uid())) )\n"
        "  WITH CHECK (true);\n"
        "CREATE POLICY p ON tasks USING (false);"
    )
    assert parse(sql) == (
        ir.CreatePolicy(
            between(sql, "CREATE POLICY", "(true)"),
            ref(sql, "tasks", "public.tasks", "public"),
            "Members read",
            span(sql, '"Members read"'),
            command="update",
            roles=("authenticated", "public", "Admins"),
            using=ir.PolicyClause(
                "org_id IN (SELECT org_id FROM members WHERE user_id = (SELECT auth.uid()))",
                columns=("org_id",),
                reads=(
                    ir.ColumnRead("org_id", ((None, "members"),)),
                    ir.ColumnRead("user_id", ((None, "members"),)),
                ),
                facts=ir.ClauseFacts(
                    span(
                        sql,
                        "org_id IN (SELECT org_id FROM members WHERE user_id = (SELECT auth.uid()))",
                    ),
                    identity_columns=(ir.Mention("org_id", span(sql, "org_id")),),
                ),
            ),
            with_check=ir.PolicyClause(
                "true", facts=ir.ClauseFacts(span(sql, "true"), always_true=True)
            ),
            permissive=False,
        ),
        ir.CreatePolicy(
            span(sql, "CREATE POLICY p ON tasks USING (false)"),
            ref(sql, "tasks", "tasks", after="\nCREATE"),
            "p",
            span(sql, "p", after="\nCREATE POLICY "),
            using=ir.PolicyClause("false", facts=ir.ClauseFacts(span(sql, "false"))),
        ),
    )


def test_alter_and_drop_policy() -> None:
    sql = (
        "ALTER POLICY p ON t TO anon USING (a = 1) WITH CHECK (b);\n"
        "ALTER POLICY p ON t RENAME TO q;\n"
        'DROP POLICY IF EXISTS "q" ON public.t;'
    )
    assert parse(sql) == (
        ir.AlterPolicy(
            span(sql, "ALTER POLICY p ON t TO anon USING (a = 1) WITH CHECK (b)"),
            ref(sql, "t", "t"),
            "p",
            roles=("anon",),
            using=ir.PolicyClause(
                "a = 1", columns=("a",), facts=ir.ClauseFacts(span(sql, "a = 1"))
            ),
            with_check=ir.PolicyClause(
                "b", columns=("b",), facts=ir.ClauseFacts(span(sql, "b", after="CHECK ("))
            ),
        ),
        ir.AlterPolicy(
            span(sql, "ALTER POLICY p ON t RENAME TO q"),
            ref(sql, "t", "t", after=";\n"),
            "p",
            new_name="q",
        ),
        ir.DropPolicy(
            span(sql, 'DROP POLICY IF EXISTS "q" ON public.t'),
            ref(sql, "t", "public.t", "public"),
            "q",
            if_exists=True,
        ),
    )


def test_schemas_and_search_path_forms() -> None:
    sql = (
        "CREATE SCHEMA IF NOT EXISTS app;\n"
        "CREATE SCHEMA AUTHORIZATION joe;\n"
        "DROP SCHEMA IF EXISTS a, b CASCADE;\n"
        'SET search_path TO app, "$user", public;\n'
        "SET LOCAL search_path = '';\n"
        "SELECT pg_catalog.set_config('search_path', 'app, \"Mixed\", PUBLIC', false);\n"
        "RESET search_path;\n"
        "SET statement_timeout = 0;"
    )
    assert parse(sql) == (
        ir.CreateSchema(span(sql, "CREATE SCHEMA IF NOT EXISTS app"), "app", if_not_exists=True),
        ir.CreateSchema(span(sql, "CREATE SCHEMA AUTHORIZATION joe"), "joe"),
        ir.DropSchema(
            span(sql, "DROP SCHEMA IF EXISTS a, b CASCADE"),
            ("a", "b"),
            if_exists=True,
            cascade=True,
        ),
        ir.SetSearchPath(
            span(sql, 'SET search_path TO app, "$user", public'), ("app", "$user", "public")
        ),
        ir.SetSearchPath(span(sql, "SET LOCAL search_path = ''"), ()),
        ir.SetSearchPath(between(sql, "SELECT pg_catalog", "false)"), ("app", "Mixed", "public")),
        ir.SetSearchPath(span(sql, "RESET search_path"), ("$user", "public")),
        ir.Opaque(span(sql, "SET statement_timeout = 0"), "VariableSetStmt"),
    )


def test_triggers() -> None:
    sql = (
        "CREATE OR REPLACE TRIGGER on_auth_user_created AFTER INSERT ON auth.users\n"
        "  FOR EACH ROW EXECUTE FUNCTION public.handle_new_user();\n"
        "DROP TRIGGER IF EXISTS on_auth_user_created ON auth.users;"
    )
    assert parse(sql) == (
        ir.CreateTrigger(
            between(sql, "CREATE OR REPLACE", "handle_new_user()"),
            ref(sql, "users", "auth.users", "auth"),
            "on_auth_user_created",
            "public.handle_new_user",
        ),
        ir.DropTrigger(
            span(sql, "DROP TRIGGER IF EXISTS on_auth_user_created ON auth.users"),
            ref(sql, "users", "auth.users", "auth", after="DROP"),
            "on_auth_user_created",
            if_exists=True,
        ),
    )


def test_update_delete_and_truncate() -> None:
    sql = (
        "UPDATE public.tasks SET done = true, (a, b) = (1, 2) WHERE id = 1;\n"
        "UPDATE tasks SET done = false;\n"
        "DELETE FROM ONLY public.sessions AS s USING users u"
        " WHERE s.user_id = u.id AND u.banned RETURNING s.id;\n"
        "WITH old AS (SELECT 1) DELETE FROM logs;\n"
        'TRUNCATE TABLE a, "B".c RESTART IDENTITY;'
    )
    assert parse(sql) == (
        ir.Update(
            span(sql, "UPDATE public.tasks SET done = true, (a, b) = (1, 2) WHERE id = 1"),
            ref(sql, "tasks", "public.tasks", "public"),
            ("done", "a", "b"),
            has_where=True,
        ),
        ir.Update(
            span(sql, "UPDATE tasks SET done = false"),
            ref(sql, "tasks", "tasks", after="\nUPDATE"),
            ("done",),
            has_where=False,
        ),
        ir.Delete(
            between(sql, "DELETE FROM ONLY", "RETURNING s.id"),
            ref(sql, "sessions", "public.sessions", "public"),
            has_where=True,
            head_span=span(sql, "DELETE FROM ONLY public.sessions AS s"),
            where_sql="s.user_id = u.id AND u.banned",
        ),
        ir.Delete(
            span(sql, "WITH old AS (SELECT 1) DELETE FROM logs"),
            ref(sql, "logs", "logs"),
            has_where=False,
            head_span=span(sql, "DELETE FROM logs"),
        ),
        ir.Truncate(
            span(sql, 'TRUNCATE TABLE a, "B".c RESTART IDENTITY'),
            (ref(sql, "a", "a", after="TRUNCATE"), ref(sql, "c", '"B".c', "B")),
        ),
    )


def test_delete_alias_without_as_is_part_of_the_head() -> None:
    sql = "DELETE FROM sessions s WHERE s.expired"
    [statement] = parse(sql)
    assert isinstance(statement, ir.Delete)
    assert statement.head_span == span(sql, "DELETE FROM sessions s")
    assert statement.where_sql == "s.expired"


def test_statements_the_ir_does_not_model_are_opaque_with_their_node_type() -> None:
    sql = (
        "BEGIN;\n"
        "CREATE SEQUENCE s;\n"
        "ALTER TYPE mood RENAME VALUE 'meh' TO 'fine';\n"
        "CREATE DOMAIN email AS text;\n"
        "INSERT INTO t VALUES (1);\n"
        "GRANT USAGE ON SCHEMA app TO anon;\n"
        "REVOKE GRANT OPTION FOR SELECT ON t FROM anon;\n"
        "GRANT SELECT (a) ON t TO anon;\n"
        "COMMENT ON TABLE t IS 'x';\n"
        "DROP TYPE mood;\n"
        "COMMIT;"
    )
    assert [(s.kind, s.tables) for s in parse(sql)] == [  # type: ignore[attr-defined]
        ("TransactionStmt", ()),
        ("CreateSeqStmt", ()),
        ("AlterEnumStmt", ()),
        ("CreateDomainStmt", ()),
        ("InsertStmt", ()),
        ("GrantStmt", ()),
        ("GrantStmt", ()),
        ("GrantStmt", ()),
        ("CommentStmt", ()),
        ("DropStmt", ()),
        ("TransactionStmt", ()),
    ]


def test_data_modifying_ctes_are_statements_sharing_the_span() -> None:
    sql = (
        "WITH gone AS (DELETE FROM old_events e WHERE e.at < now() RETURNING *),\n"
        "     seen AS (UPDATE stats SET n = n + 1 WHERE id = 1 RETURNING id)\n"
        "INSERT INTO archive SELECT * FROM gone WHERE true"
    )
    whole = span(sql, sql)
    assert parse(sql) == (
        ir.Delete(
            whole,
            ref(sql, "old_events", "old_events"),
            has_where=True,
            head_span=span(sql, "DELETE FROM old_events e"),
            where_sql="e.at < now()",
        ),
        ir.Update(whole, ref(sql, "stats", "stats"), ("n",), has_where=True),
        ir.Opaque(whole, "InsertStmt"),
    )


def test_create_schema_elements_are_statements_of_their_own() -> None:
    sql = (
        "CREATE SCHEMA app\n"
        "  CREATE TABLE a (id int PRIMARY KEY)\n"
        "  CREATE INDEX a_id ON a (id)\n"
        "  CREATE VIEW v AS SELECT id FROM a\n"
        "  GRANT SELECT ON a TO public;"
    )
    (schema,) = parse(sql)
    assert isinstance(schema, ir.CreateSchema)
    assert (schema.name, schema.span) == ("app", span(sql, sql[:-1]))
    assert [(type(e).__name__, text_of(sql, e.span)) for e in schema.elements] == [
        ("CreateTable", "CREATE TABLE a (id int PRIMARY KEY)"),
        ("CreateIndex", "CREATE INDEX a_id ON a (id)"),
        ("CreateView", "CREATE VIEW v AS SELECT id FROM a"),
        ("Privileges", "GRANT SELECT ON a TO public"),
    ]


def test_clause_facts_locate_each_call_comparison_and_metadata_read() -> None:
    # Every fact's span pinned here, not only through the rules that read them.
    owner = (
        "owner_id = auth.uid() AND t.team_id = (select private.current_team())::uuid AND is_admin()"
    )
    anonymous = "auth.uid() IS NULL OR (auth.jwt() -> 'user_metadata' ->> 'role') = 'admin'"
    sql = f"CREATE POLICY p ON t USING (\n  {owner}\n);\nCREATE POLICY q ON t USING (\n  {anonymous}\n);\n"
    second = "CREATE POLICY q"
    first, other = (statement.using.facts for statement in parse(sql))  # type: ignore[attr-defined]
    assert first == ir.ClauseFacts(
        span(sql, owner),
        per_row_calls=(ir.Mention("auth.uid()", span(sql, "auth.uid()")),),
        identity_columns=(
            ir.Mention("owner_id", span(sql, "owner_id")),
            ir.Mention("team_id", span(sql, "t.team_id")),
        ),
        calls=(
            ir.Mention("private.current_team", span(sql, "private.current_team()")),
            ir.Mention("is_admin", span(sql, "is_admin()")),
        ),
        compared=(("", "owner_id", "auth.uid"), ("t", "team_id", "private.current_team")),
    )
    assert other == ir.ClauseFacts(
        span(sql, anonymous),
        per_row_calls=(
            ir.Mention("auth.uid()", span(sql, "auth.uid()", after=second)),
            ir.Mention("auth.jwt()", span(sql, "auth.jwt()")),
        ),
        null_auth=ir.Mention("auth.uid() IS NULL", span(sql, "auth.uid() IS NULL")),
        user_metadata=(ir.Mention("'user_metadata'", span(sql, "'user_metadata'")),),
    )


def test_clause_facts_compare_only_the_top_level_and_chain() -> None:
    # ``x = f()`` under an OR or a NOT does not keep rows to the caller: no comparison.
    sql = "CREATE POLICY p ON t USING (a = f() OR b = g());\nCREATE POLICY q ON t USING (c = 1);\n"
    facts = [statement.using.facts.compared for statement in parse(sql)]  # type: ignore[attr-defined]
    assert facts == [(), ()]


def _view_columns(query: str) -> list[tuple[str, tuple[tuple[str | None, str], ...]]]:
    (view,) = parse(f"CREATE VIEW v AS {query};")
    assert isinstance(view, ir.CreateView)
    return [(read.column, read.inner) for read in view.columns]


def test_a_view_records_the_names_it_reads_with_the_relations_they_may_belong_to() -> None:
    # Innermost scope first: z is b's if b has one, else a's.
    assert _view_columns(
        "SELECT a.id, x FROM app.a JOIN b ON a.id = b.a_id"
        " WHERE EXISTS (SELECT 1 FROM c WHERE c.k = a.k AND z = 1)"
    ) == [
        ("id", (("app", "a"),)),
        ("x", (("app", "a"), (None, "b"))),
        ("a_id", ((None, "b"),)),
        ("k", ((None, "c"),)),
        ("k", (("app", "a"),)),
        ("z", ((None, "c"), ("app", "a"), (None, "b"))),
    ]


def test_a_star_reads_every_column_of_its_relations() -> None:
    assert _view_columns("SELECT * FROM a, b") == [("*", ((None, "a"),)), ("*", ((None, "b"),))]
    assert _view_columns("SELECT b.*, count(*) FROM a JOIN b ON true GROUP BY 1") == [
        ("*", ((None, "b"),))
    ]


def test_names_a_sub_select_or_cte_may_own_are_not_searched_further_out() -> None:
    # x may be the CTE's column: PostgreSQL binds it there first.
    assert _view_columns("WITH c AS (SELECT y FROM a) SELECT x FROM c") == [("y", ((None, "a"),))]
    # m may be the sub-select's column; its n is a's (PostgreSQL accepts the query only
    # then: b, outside the sub-select, is a candidate that never binds).
    assert _view_columns("SELECT s.n, m FROM (SELECT n FROM a) s, b") == [
        ("m", ((None, "b"),)),
        ("n", ((None, "a"), (None, "b"))),
    ]


def test_a_clause_written_again_has_its_facts_at_its_own_place() -> None:
    # The facts of a clause text seen before are reused: each copy's spans must still be its
    # own, also inside a quoted DO body, whose doubled quotes shift the file's offsets.
    clause = "org_id = current_setting('app.org') AND (auth.jwt() ->> 'user_metadata') IS NULL"
    escaped = clause.replace("'", "''")
    sql = (
        f"CREATE POLICY a ON t USING ({clause});\n"
        f"CREATE POLICY b ON t FOR SELECT USING (\n  {clause}\n);\n"
        f"DO 'BEGIN CREATE POLICY c ON t USING ({escaped}); END';\n"
    )

    def facts(after: str, quote: str = "'") -> ir.ClauseFacts:
        def at(text: str) -> Span:
            return span(sql, text.replace("'", quote), after=after)

        setting = "current_setting('app.org')"
        return ir.ClauseFacts(
            at(clause),
            per_row_calls=(
                ir.Mention(setting, at(setting)),
                ir.Mention("auth.jwt()", at("auth.jwt()")),
            ),
            identity_columns=(ir.Mention("org_id", at("org_id")),),
            user_metadata=(ir.Mention("'user_metadata'", at("'user_metadata'")),),
            compared=(("", "org_id", "current_setting"),),
        )

    statements = parse(sql)
    assert [statement.using.facts for statement in statements[:2]] == [  # type: ignore[attr-defined]
        facts("POLICY a"),
        facts("POLICY b"),
    ]
    (body,) = statements[2].body  # type: ignore[attr-defined]
    assert body.using.facts == facts("POLICY c", "''")


def test_facts_located_outside_their_clause_are_not_reused() -> None:
    # Facts are reused by clause text only when every position lies inside the clause: a
    # node without a location is placed at the statement's start, outside.
    sql = "CREATE POLICY p ON t USING (current_setting('outside.clause'));"
    stmt = Stmt(Piece(PATH, sql), 0, len(sql) - 1)
    start = sql.index("current_setting")
    end = sql.index(";") - 1
    (statement,) = json.loads(parse_sql_json(sql))["stmts"]
    qual = statement["stmt"]["CreatePolicyStmt"]["qual"]
    unlocated = {"FuncCall": {k: v for k, v in qual["FuncCall"].items() if k != "location"}}
    lost = clause_facts(unlocated, PolicyText(stmt), start, end)
    assert lost.per_row_calls == (ir.Mention(sql[: end + 1], Span(PATH, 0, end + 1)),)
    found = clause_facts(qual, PolicyText(stmt), start, end)
    assert found.per_row_calls == (ir.Mention(sql[start:end], Span(PATH, start, end)),)
