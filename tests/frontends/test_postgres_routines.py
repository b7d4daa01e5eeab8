from __future__ import annotations

from schemalint import ir
from tests.frontends.pg_helpers import between, parse, ref, span, text_of


def test_delete_nested_in_plpgsql_if_loop_and_exception_block_keeps_its_file_span() -> None:
    sql = (
        "-- purge ✓\n"
        "CREATE OR REPLACE FUNCTION app.purge(days int) RETURNS void\n"
        "LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $fn$\n"
        "DECLARE r record;\n"
        "BEGIN\n"
        "  IF days > 0 THEN\n"
        "    FOR r IN SELECT id FROM app.orgs LOOP\n"
        "      BEGIN\n"
        "        DELETE FROM   app.events e\n"
        "          WHERE e.org_id = r.id AND e.note <> 'été';\n"
        "      EXCEPTION WHEN others THEN\n"
        "        UPDATE app.events SET failed = true WHERE org_id = r.id;\n"
        "      END;\n"
        "    END LOOP;\n"
        "  END IF;\n"
        "END;\n"
        "$fn$;"
    )
    [function] = parse(sql)
    assert function == ir.CreateFunction(
        span(sql, sql[sql.index("CREATE") : -1]),
        "app",
        "purge",
        "plpgsql",
        body=(
            ir.Delete(
                between(sql, "DELETE FROM", "'été'"),
                ref(sql, "events", "app.events", "app"),
                has_where=True,
                head_span=span(sql, "DELETE FROM   app.events e"),
                where_sql="e.org_id = r.id AND e.note <> 'été'",
            ),
            ir.Update(
                span(sql, "UPDATE app.events SET failed = true WHERE org_id = r.id"),
                ref(sql, "events", "app.events", "app", after="UPDATE"),
                ("failed",),
                has_where=True,
            ),
        ),
        arguments=("int4",),
        returns="void",
        security_definer=True,
        search_path=True,
        replace=True,
        name_span=span(sql, "app.purge"),
    )


def test_execute_marks_the_body_dynamic_and_into_targets_do_not_break_spans() -> None:
    sql = (
        "DO $$\n"
        "DECLARE n int;\n"
        "BEGIN\n"
        "  DELETE FROM jobs WHERE done RETURNING id INTO n;\n"
        "  EXECUTE format('TRUNCATE %I', 'cache');\n"
        "END $$;"
    )
    [block] = parse(sql)
    assert block == ir.DoBlock(
        span(sql, sql[:-1]),
        "plpgsql",
        body=(
            ir.Delete(
                span(sql, "DELETE FROM jobs WHERE done RETURNING id"),
                ref(sql, "jobs", "jobs"),
                has_where=True,
                head_span=span(sql, "DELETE FROM jobs"),
                where_sql="done",
            ),
        ),
        dynamic=True,
    )


def test_sql_function_with_single_quoted_body_maps_escaped_quotes() -> None:
    sql = (
        "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS "
        "'DELETE FROM t WHERE a = ''x''; UPDATE u SET b = 1';"
    )
    [function] = parse(sql)
    assert isinstance(function, ir.CreateFunction)
    delete, update = function.body
    assert text_of(sql, delete.span) == "DELETE FROM t WHERE a = ''x''"
    assert isinstance(delete, ir.Delete)
    assert delete.where_sql == "a = 'x'"
    assert text_of(sql, update.span) == "UPDATE u SET b = 1"
    assert function.language == "sql"
    assert function.dynamic is False


def test_escape_string_body_falls_back_to_the_function_span() -> None:
    sql = "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS E'DELETE FROM t WHERE a = \\'x\\''"
    [function] = parse(sql)
    assert isinstance(function, ir.CreateFunction)
    [delete] = function.body
    assert isinstance(delete, ir.Delete)
    assert delete.span == function.span
    assert delete.table.span == function.span
    assert delete.where_sql == "a = 'x'"


def test_sql_standard_bodies_begin_atomic_and_return() -> None:
    sql = (
        "CREATE PROCEDURE cleanup() LANGUAGE sql BEGIN ATOMIC\n"
        "  DELETE FROM t WHERE CASE WHEN x THEN true END;\n"
        "  SELECT 1;\n"
        "END;\n"
        "CREATE FUNCTION one() RETURNS int RETURN 1;"
    )
    cleanup, one = parse(sql)
    assert cleanup == ir.CreateFunction(
        between(sql, "CREATE PROCEDURE", "SELECT 1;\nEND"),
        None,
        "cleanup",
        "sql",
        body=(
            ir.Delete(
                span(sql, "DELETE FROM t WHERE CASE WHEN x THEN true END"),
                ref(sql, "t", "t", after="DELETE FROM"),
                has_where=True,
                head_span=span(sql, "DELETE FROM t"),
                where_sql="CASE WHEN x THEN true END",
            ),
            ir.Opaque(span(sql, "SELECT 1"), "SelectStmt"),
        ),
        name_span=span(sql, "cleanup"),
    )
    assert one == ir.CreateFunction(
        span(sql, "CREATE FUNCTION one() RETURNS int RETURN 1"),
        None,
        "one",
        "sql",
        returns="int4",
        name_span=span(sql, "one"),
    )


def test_supabase_new_user_trigger_function_and_grants() -> None:
    sql = (
        "create or replace function public.handle_new_user()\n"
        "returns trigger\n"
        "language plpgsql\n"
        "security definer set search_path = ''\n"
        "as $$\n"
        "begin\n"
        "  insert into public.profiles (id, full_name)\n"
        "  values (new.id, new.raw_user_meta_data->>'full_name');\n"
        "  return new;\n"
        "end;\n"
        "$$;\n"
        "create trigger on_auth_user_created\n"
        "  after insert on auth.users\n"
        "  for each row execute procedure public.handle_new_user();\n"
        "grant usage on schema public to anon, authenticated;\n"
        "alter table public.profiles enable row level security;\n"
        'create policy "Users update own profile" on public.profiles\n'
        "  for update using ((select auth.uid()) = id);"
    )
    function, trigger, grant, rls, policy = parse(sql)
    assert isinstance(function, ir.CreateFunction)
    assert (function.schema, function.name, function.language, function.dynamic) == (
        "public",
        "handle_new_user",
        "plpgsql",
        False,
    )
    [insert] = function.body
    assert insert == ir.Opaque(
        between(sql, "insert into public.profiles", "'full_name')"), "InsertStmt"
    )
    assert trigger == ir.CreateTrigger(
        between(sql, "create trigger", "handle_new_user()"),
        ref(sql, "users", "auth.users", "auth"),
        "on_auth_user_created",
        "public.handle_new_user",
    )
    assert grant == ir.Opaque(
        span(sql, "grant usage on schema public to anon, authenticated"), "GrantStmt"
    )
    assert rls == ir.EnableRls(
        span(sql, "alter table public.profiles enable row level security"),
        ref(sql, "profiles", "public.profiles", "public", after="alter table"),
    )
    assert policy == ir.CreatePolicy(
        between(sql, "create policy", "= id)"),
        ref(sql, "profiles", "public.profiles", "public", after="create policy"),
        "Users update own profile",
        span(sql, '"Users update own profile"'),
        command="update",
        using=ir.PolicyClause(
            "(select auth.uid()) = id",
            columns=("id",),
            facts=ir.ClauseFacts(
                span(sql, "(select auth.uid()) = id"),
                identity_columns=(ir.Mention("id", span(sql, "id", after=") = ")),),
                compared=(("", "id", "auth.uid"),),
            ),
        ),
    )


def test_plpgsql_body_postgres_rejects_is_one_unparsable_at_the_token() -> None:
    sql = "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN DELETE FRO t; END $$"
    [function] = parse(sql)
    error = ir.Unparsable(span(sql, "FRO"), 'in the PL/pgSQL body: syntax error at or near "FRO"')
    assert function == ir.CreateFunction(
        span(sql, sql),
        None,
        "f",
        "plpgsql",
        body=(error,),
        returns="int4",
        name_span=span(sql, "f"),
    )


def test_other_languages_have_no_body_statements() -> None:
    sql = "DO LANGUAGE plv8 $$ plv8.execute('DELETE FROM t') $$"
    assert parse(sql) == (ir.DoBlock(span(sql, sql), "plv8"),)


def test_single_quoted_do_body_maps_each_statement_past_doubled_quotes() -> None:
    sql = (
        "DO 'BEGIN\n"
        "  UPDATE t SET a = ''x'';\n"
        "  DELETE FROM t WHERE a = ''é'' AND b = ''y'';\n"
        "END';"
    )
    [block] = parse(sql)
    assert isinstance(block, ir.DoBlock)
    update, delete = block.body
    assert text_of(sql, update.span) == "UPDATE t SET a = ''x''"
    assert isinstance(delete, ir.Delete)
    assert text_of(sql, delete.span) == "DELETE FROM t WHERE a = ''é'' AND b = ''y''"
    assert text_of(sql, delete.table.span) == "t"
    assert delete.head_span == span(sql, "DELETE FROM t")
    assert delete.where_sql == "a = 'é' AND b = 'y'"


def test_drizzle_style_do_block_exposes_the_constraint_it_adds() -> None:
    sql = (
        "DO $$ BEGIN\n"
        ' ALTER TABLE "posts" ADD CONSTRAINT "posts_author_fk" FOREIGN KEY ("author_id")'
        ' REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;\n'
        "EXCEPTION\n"
        " WHEN duplicate_object THEN null;\n"
        "END $$;"
    )
    [block] = parse(sql)
    assert isinstance(block, ir.DoBlock)
    [add] = block.body
    assert isinstance(add, ir.AddConstraint)
    assert add.span == between(sql, "ALTER TABLE", "no action")
    assert add.table == ref(sql, "posts", '"posts"')
    assert add.constraint.references == ir.ForeignKeyRef(
        ref(sql, "users", '"public"."users"', "public"),
        ("id",),
        "cascade",
        None,
        span(sql, 'REFERENCES "public"."users"("id")'),
    )


def test_input_argument_types_identify_the_function() -> None:
    sql = (
        "CREATE FUNCTION f(a integer, OUT b text, c public.tag[] DEFAULT '{}', VARIADIC d text[])"
        " RETURNS record LANGUAGE sql AS 'SELECT 1';\n"
        "CREATE FUNCTION g() RETURNS TABLE (x int) LANGUAGE sql AS 'SELECT 1';"
    )
    f, g = parse(sql)
    assert isinstance(f, ir.CreateFunction) and isinstance(g, ir.CreateFunction)
    assert (f.arguments, g.arguments) == (("int4", "tag[]", "text[]"), ())


def _function(sql: str) -> ir.CreateFunction:
    [function] = parse(sql)
    assert isinstance(function, ir.CreateFunction)
    return function


def test_the_name_span_is_the_name_as_written_with_or_without_comments_in_the_head() -> None:
    plain = "create or replace\tFUNCTION public . \"Touch\"\n() RETURNS trigger LANGUAGE sql AS 'SELECT 1'"
    assert text_of(plain, _function(plain).name_span) == 'public . "Touch"'
    commented = (
        "CREATE /* c */ FUNCTION -- name:\n app.f /* c */ () RETURNS int LANGUAGE sql AS 'SELECT 1'"
    )
    assert text_of(commented, _function(commented).name_span) == "app.f"
    # The first "(" is inside the quoted name: the scanner cannot read the head up to it.
    quoted = "CREATE FUNCTION \"f(x)\"() RETURNS int LANGUAGE sql AS 'SELECT 1'"
    assert _function(quoted).name_span == span(quoted, quoted)


_TRIGGER = (
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n  {body}\n  RETURN NEW;\nEND;\n$$"
)


def test_a_plpgsql_body_that_only_assigns_runs_no_statement() -> None:
    function = _function(_TRIGGER.format(body="NEW.updated_at := now();"))
    assert (function.body, function.dynamic) == ((), False)


def test_a_plpgsql_body_with_execute_is_dynamic_and_its_statements_are_found() -> None:
    sql = _TRIGGER.format(body="EXECUTE 'SELECT 1'; DELETE FROM audit;")
    function = _function(sql)
    assert function.dynamic
    assert [(type(s).__name__, text_of(sql, s.span)) for s in function.body] == [
        ("Delete", "DELETE FROM audit")
    ]


def test_a_deep_plpgsql_body_without_statements_is_still_analysed_or_reported() -> None:
    # 60 nested IFs: a tree with hundreds of brackets, decoded and walked as any other.
    deep = _function(_TRIGGER.format(body="IF true THEN " * 60 + "NULL;" + " END IF;" * 60))
    assert (deep.body, deep.dynamic) == ((), False)
    # 400: too deep to decode, reported as such even though it holds no statement.
    sql = _TRIGGER.format(body="IF true THEN " * 400 + "NULL;" + " END IF;" * 400)
    [error] = _function(sql).body
    assert isinstance(error, ir.Unparsable)
    assert error.message == "in the PL/pgSQL body: nested too deeply to analyse"
