"""psql scripts: meta-commands and COPY ... FROM STDIN data are skipped as psql skips them."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemalint.inputs.psql_script import mask
from tests.pgcluster import Cluster
from tests.rules.helpers import lint

SCRIPT = (
    "\\set ON_ERROR_STOP on\n"
    "SET statement_timeout = 0;\n"
    "CREATE TABLE public.notes (id integer NOT NULL, body text);\n"
    "COPY public.notes (id, body) FROM stdin;\n"
    "1\tit's a note; with a quote\n"
    "2\t\\N\n"
    "\\.\n"
    "\\echo 'loaded; now cleaning'\n"
    "DELETE FROM notes WHERE id = 1; \\echo done\n"
    "SELECT 'a\\b' AS x, $$ \\x $$, E'\\'' /* \\y */; -- \\z\n"
    "copy notes (id, body) from STDIN;\n"
    "3\tmore ' data\n"
    "\\.\n"
    "DELETE FROM notes;\n"
)


def test_meta_commands_and_copy_data_become_blanks_of_the_same_length() -> None:
    masked = mask(SCRIPT)
    assert len(masked) == len(SCRIPT)
    assert masked.splitlines() == [
        " " * len("\\set ON_ERROR_STOP on"),
        "SET statement_timeout = 0;",
        "CREATE TABLE public.notes (id integer NOT NULL, body text);",
        "COPY public.notes (id, body) FROM stdin;",
        " " * len("1\tit's a note; with a quote"),
        " " * len("2\t\\N"),
        "  ",
        " " * len("\\echo 'loaded; now cleaning'"),
        "DELETE FROM notes WHERE id = 1;           ",
        "SELECT 'a\\b' AS x, $$ \\x $$, E'\\'' /* \\y */; -- \\z",
        "copy notes (id, body) from STDIN;",
        " " * len("3\tmore ' data"),
        "  ",
        "DELETE FROM notes;",
    ]


def test_copy_data_runs_to_the_end_of_the_file_without_an_end_marker() -> None:
    script = "COPY t FROM stdin;\n1\t'\n2\n"
    assert mask(script) == "COPY t FROM stdin;\n   \n \n"


@pytest.mark.parametrize("stdin", ["stdin", "STDIN", "StdIn"])
def test_copy_from_stdin_without_a_backslash_is_masked_in_any_case(stdin: str) -> None:
    assert mask(f"COPY t FROM {stdin};\n1\t2\n") == f"COPY t FROM {stdin};\n   \n"


def test_a_file_without_backslash_or_stdin_is_returned_as_is() -> None:
    sql = "CREATE TABLE t (a text DEFAULT 'x');\n"
    assert mask(sql) is sql


@pytest.mark.parametrize(
    ("script", "masked"),
    [
        # STDIN in any case, in an ASCII file and in one with other characters.
        ("COPY t FROM StdIn;\n1\t'\n", "COPY t FROM StdIn;\n   \n"),
        ("COPY t FROM sTDIN;\n1\té\n", "COPY t FROM sTDIN;\n   \n"),
        ("COPY t FROM stdin;\n1\t\u0131\n", "COPY t FROM stdin;\n   \n"),
        # Neither: returned as it is.
        ("SELECT 'std in';\n", "SELECT 'std in';\n"),
        ("SELECT 'stdé';\n", "SELECT 'stdé';\n"),
    ],
)
def test_copy_from_stdin_is_found_in_any_case(script: str, masked: str) -> None:
    assert mask(script) == masked


def test_a_psql_script_is_linted_statement_by_statement(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "1_dump.sql").write_text(SCRIPT, encoding="utf-8")
    from schemalint.inputs.discovery import discover

    (stream,) = discover([folder], cwd=tmp_path).streams
    found, _ = lint(tmp_path, [(f.path, f.masked) for f in stream.files], ["SL001", "SL401"])
    assert found == [
        ("SL401", "m/1_dump.sql", 9, 1, "`DELETE` hard-deletes rows of `notes`"),
        ("SL401", "m/1_dump.sql", 14, 1, "`DELETE` hard-deletes rows of `notes`"),
    ]


@pytest.mark.postgres
def test_psql_runs_the_script_as_masked(postgres: Cluster) -> None:
    postgres.create_database("psql_script")
    result = postgres.psql("psql_script", stdin=SCRIPT + "SELECT count(*) FROM notes;\n")
    assert result.returncode == 0, result.stderr
    # The first DELETE removed row 1; the last one removed 2 and 3: psql ran every statement.
    assert result.stdout.splitlines() == ["loaded; now cleaning", "done", "a\\b| \\x |'", "0"]


NESTED = (
    "CREATE TABLE notes (id integer);\n"
    "/* loaded /* by hand */ below */ COPY notes FROM stdin;\n"
    "1\n"
    "\\.\n"
    "SELECT count(*) FROM notes;\n"
)


def test_copy_after_a_nested_block_comment_is_still_copy() -> None:
    masked = mask(NESTED)
    assert masked.splitlines() == [
        "CREATE TABLE notes (id integer);",
        "/* loaded /* by hand */ below */ COPY notes FROM stdin;",
        " ",
        "  ",
        "SELECT count(*) FROM notes;",
    ]


@pytest.mark.postgres
def test_psql_copies_after_a_nested_block_comment(postgres: Cluster) -> None:
    postgres.create_database("psql_nested")
    result = postgres.psql("psql_nested", stdin=NESTED)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["1"]
