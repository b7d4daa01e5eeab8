"""The sqlglot frontend: IR statements and the exact text each span covers."""

from __future__ import annotations

from pathlib import Path

from schemalint import engine, ir
from schemalint.config import Config
from schemalint.frontends.sqlglot.frontend import parse
from schemalint.inputs.discovery import Discovery, Stream
from schemalint.source import SourceFile, Span
from schemalint.tools.dialects import DIALECTS
from schemalint.tools.registry import PLAIN
from tests.rules.helpers import seen


def _parse(text: str, dialect: str) -> tuple[SourceFile, tuple[ir.Statement, ...]]:
    source = SourceFile("m.sql", text)
    return source, parse(source, DIALECTS[dialect])


def _text(source: SourceFile, span: Span) -> str:
    return source.text[span.start : span.end]


def test_mysql_key_inside_create_table_becomes_an_index_sharing_the_statement_span() -> None:
    source, statements = _parse(
        "CREATE TABLE `Usé` (\n  `id` INT NOT NULL AUTO_INCREMENT,\n  `org` INT NOT NULL,\n"
        "  KEY (`org`),\n  UNIQUE INDEX `u` (`org`, `id`),\n  PRIMARY KEY (`id`)\n"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n",
        "mysql",
    )
    create, key, unique = statements
    assert isinstance(create, ir.CreateTable)
    assert _text(source, create.span).endswith("CHARSET=utf8mb4")
    assert _text(source, create.table.span) == "`Usé`"
    assert [(c.name, c.type_name, c.not_null, c.has_default) for c in create.columns] == [
        ("id", "int", True, True),
        ("org", "int", True, False),
    ]
    assert _text(source, create.columns[0].span) == "`id` INT NOT NULL AUTO_INCREMENT"
    assert _text(source, create.columns[1].name_span) == "`org`"
    (pk,) = create.constraints
    assert (pk.kind, pk.columns, _text(source, pk.span)) == (
        "primary_key",
        ("id",),
        "PRIMARY KEY (`id`)",
    )
    assert key == ir.CreateIndex(create.span, "org", create.table, ("org",))
    assert unique == ir.CreateIndex(create.span, "u", create.table, ("org", "id"), unique=True)


def test_mysql_add_foreign_key_points_at_constraint_and_references_clause() -> None:
    source, (statement,) = _parse(
        "ALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) "
        "REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;",
        "mysql",
    )
    assert isinstance(statement, ir.AddConstraint)
    fk = statement.constraint
    assert (fk.kind, fk.name, fk.columns) == ("foreign_key", "Post_authorId_fkey", ("authorId",))
    assert _text(source, fk.span).startswith("CONSTRAINT `Post_authorId_fkey` FOREIGN KEY")
    assert fk.references is not None
    assert _text(source, fk.references.span) == (
        "REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE"
    )
    assert (fk.references.table.name, fk.references.columns) == ("User", ("id",))
    assert (fk.references.on_delete, fk.references.on_update) == ("restrict", "cascade")


def test_mysql_change_column_is_a_rename_and_the_new_definition() -> None:
    source, statements = _parse(
        "ALTER TABLE `u` CHANGE COLUMN `mail` `email` VARCHAR(255) NOT NULL DEFAULT ''", "mysql"
    )
    assert [type(s).__name__ for s in statements] == [
        "RenameColumn",
        "AlterColumnType",
        "SetNotNull",
        "SetDefault",
    ]
    rename, alter_type, _, default = statements
    assert isinstance(rename, ir.RenameColumn) and isinstance(default, ir.SetDefault)
    assert (rename.column, rename.new_name, _text(source, rename.column_span)) == (
        "mail",
        "email",
        "`mail`",
    )
    assert isinstance(alter_type, ir.AlterColumnType) and alter_type.type_name == "varchar(255)"
    assert default.default_sql == "''"


def test_mysql_modify_to_nullable_drops_not_null_and_default() -> None:
    _, statements = _parse("ALTER TABLE t MODIFY x BIGINT NULL", "mysql")
    assert [type(s).__name__ for s in statements] == [
        "AlterColumnType",
        "DropNotNull",
        "DropDefault",
    ]


def test_mysql_rename_table_with_several_pairs() -> None:
    source, statements = _parse("RENAME TABLE `a` TO `b`, c TO d;", "mysql")
    assert [(s.table.name, s.new_name) for s in statements if isinstance(s, ir.RenameTable)] == [
        ("a", "b"),
        ("c", "d"),
    ]
    assert _text(source, statements[0].span) == "RENAME TABLE `a` TO `b`, c TO d"


def test_mysql_drop_index_and_foreign_key_name_their_table() -> None:
    _, (drop_index, drop_fk) = _parse(
        "DROP INDEX `i` ON `t`;\nALTER TABLE `t` DROP FOREIGN KEY `fk`;", "mysql"
    )
    assert isinstance(drop_index, ir.DropIndex) and isinstance(drop_fk, ir.DropConstraint)
    assert drop_index.names == ((None, "i"),)
    assert drop_index.table is not None and drop_index.table.name == "t"
    assert (drop_fk.table.name, drop_fk.name) == ("t", "fk")


def test_a_statement_sqlglot_cannot_parse_is_unparsable_and_the_others_still_convert() -> None:
    source, statements = _parse(
        "DELETE FROM `t`;\nSELECT FROM WHERE;\nTRUNCATE TABLE `u`;", "mysql"
    )
    delete, bad, truncate = statements
    assert isinstance(delete, ir.Delete) and not delete.has_where
    assert delete.head_span is not None and _text(source, delete.head_span) == "DELETE FROM `t`"
    assert isinstance(bad, ir.Unparsable)
    assert (_text(source, bad.span), bad.message) == (
        "SELECT FROM WHERE",
        'syntax error: expected table name but got "WHERE" (near "WHERE")',
    )
    assert isinstance(truncate, ir.Truncate) and truncate.tables[0].name == "u"


def test_an_unterminated_string_makes_its_statement_unparsable_to_the_end_of_file() -> None:
    source, (update, bad) = _parse(
        "UPDATE t SET a = 1 WHERE b = 2;\nINSERT INTO t VALUES ('oops);\n", "sqlite"
    )
    assert isinstance(update, ir.Update) and update.columns == ("a",) and update.has_where
    assert isinstance(bad, ir.Unparsable)
    assert _text(source, bad.span) == "INSERT INTO t VALUES ('oops);"
    assert bad.message == "syntax error: unterminated string, quoted identifier or comment"


def test_sqlite_table_rebuild_becomes_create_drop_rename_in_order() -> None:
    _, statements = _parse(
        'PRAGMA foreign_keys=OFF;\nCREATE TABLE "new_U" ("id" INTEGER NOT NULL PRIMARY KEY);\n'
        'INSERT INTO "new_U" ("id") SELECT "id" FROM "U";\nDROP TABLE "U";\n'
        'ALTER TABLE "new_U" RENAME TO "U";\nCREATE INDEX "U_id" ON "U"("id");\n'
        "PRAGMA foreign_keys=ON;\n",
        "sqlite",
    )
    assert [type(s).__name__ for s in statements] == [
        "Opaque",
        "CreateTable",
        "Opaque",
        "DropTable",
        "RenameTable",
        "CreateIndex",
        "Opaque",
    ]
    rename = statements[4]
    assert isinstance(rename, ir.RenameTable) and (rename.table.name, rename.new_name) == (
        "new_U",
        "U",
    )


def test_sqlite_integer_primary_key_fills_itself_and_inline_clauses_have_their_spans() -> None:
    source, (create,) = _parse(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, o INT REFERENCES p(id) ON DELETE SET NULL "
        "UNIQUE, note)",
        "sqlite",
    )
    assert isinstance(create, ir.CreateTable)
    ident, other, note = create.columns
    assert (ident.not_null, ident.has_default) == (False, True)
    fk, unique = other.constraints
    assert fk.references is not None
    assert _text(source, fk.span) == "REFERENCES p(id) ON DELETE SET NULL"
    assert fk.references.on_delete == "set null"
    assert (unique.kind, _text(source, unique.span)) == ("unique", "UNIQUE")
    assert (note.name, note.type_name) == ("note", "")


def test_sqlite_trigger_body_semicolons_do_not_split_the_statement() -> None:
    source, statements = _parse(
        "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT CASE WHEN 1 THEN 2 END; END;\n"
        "DELETE FROM t;",
        "sqlite",
    )
    trigger, delete = statements
    assert isinstance(trigger, ir.Opaque) and trigger.kind == "CREATE TRIGGER"
    assert _text(source, trigger.span).endswith("END; END")
    assert isinstance(delete, ir.Delete)


def test_alter_table_sqlglot_keeps_as_text_marks_the_table_incomplete() -> None:
    _, (statement,) = _parse("ALTER TABLE `t` CONVERT TO CHARACTER SET utf8mb4", "mysql")
    assert isinstance(statement, ir.Opaque)
    assert (statement.kind, [t.name for t in statement.tables]) == ("ALTER TABLE", ["t"])


def test_mutated_histories_never_raise_and_keep_spans_inside_the_file() -> None:
    import random
    from pathlib import Path

    generator = random.Random(7)
    histories = Path(__file__).parent / "histories"
    for path in sorted(histories.glob("*/*/*/migration.sql")):
        dialect = path.relative_to(histories).parts[0]
        text = path.read_text()
        for _ in range(15):
            a, b = sorted(generator.randrange(len(text)) for _ in range(2))
            mutated = (
                text[:a] + generator.choice(["", "(", ")", "'", "`", ",", ";", "/*"]) + text[b:]
            )
            for statement in parse(SourceFile("m.sql", mutated), DIALECTS[dialect]):
                assert 0 <= statement.span.start < statement.span.end <= len(mutated)


def test_syntax_errors_speak_of_the_sql_never_of_sqlglot_classes(tmp_path: Path) -> None:
    source = SourceFile("m/1.sql", "SELECT -;\nSELECT 1 1 1;\nSELECT (1;\nSELECT [1,;\n")
    discovery = Discovery((Stream(tmp_path, PLAIN, (source,)),), (), frozenset({"m/1.sql"}))
    result = engine.lint(discovery, Config(root=tmp_path, dialect="mysql", select=("SL001",)))
    assert [seen(f, source) for f in result.findings] == [
        ("SL001", "m/1.sql", 1, 1, 'syntax error: incomplete expression (near "-")'),
        ("SL001", "m/1.sql", 2, 1, 'syntax error: unexpected token (near "1")'),
        ("SL001", "m/1.sql", 3, 1, 'syntax error: expected ")" (near "1")'),
        ("SL001", "m/1.sql", 4, 1, 'syntax error: expected "]" (near ",")'),
    ]


def test_check_constraints_carry_the_columns_their_expressions_read() -> None:
    for dialect, quote in (("mysql", "`"), ("sqlite", '"')):
        source, statements = _parse(
            f"CREATE TABLE t (amount INT CHECK (amount > 0), {quote}Paid{quote} INT,\n"
            f"  CHECK (abs({quote}Paid{quote}) <= amount AND amount IN (1, 2)),\n"
            "  CHECK (length('amount') > 1));\n",
            dialect,
        )
        (create,) = statements
        assert isinstance(create, ir.CreateTable)
        (inline,) = create.columns[0].constraints
        checks = [(_text(source, c.span), c.reads) for c in (inline, *create.constraints)]
        assert checks == [
            ("CHECK (amount > 0)", ("amount",)),
            (f"CHECK (abs({quote}Paid{quote}) <= amount AND amount IN (1, 2))", ("Paid", "amount")),
            ("CHECK (length('amount') > 1)", ()),
        ], dialect
