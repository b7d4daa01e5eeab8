"""Hostile paths and files on the command line: a clear line on stderr and the right exit code.

We run as root in CI, where ``chmod 000`` does not stop a read: an unreadable input is made
with a FIFO (opening it would block a naive reader) and a broken symlink instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.robustness.checks import project, run_cli

ERROR = "schemalint: error: "


def _json_findings(*args: str) -> tuple[int, list[tuple[int, int, str, str]]]:
    code, out, err = run_cli("check", "--format", "json", *args)
    assert err == ""
    items = json.loads(out)["findings"]
    return code, [(i["line"], i["column"], i["code"], i["message"]) for i in items]


def test_an_empty_file_has_no_findings() -> None:
    with project({"empty.sql": b""}):
        assert run_cli("check", "--no-color", "empty.sql") == (0, "No findings.\n", "")


def test_a_binary_file_named_sql_is_a_syntax_error_at_its_first_nul_byte() -> None:
    with project({"bin.sql": b"\x00\x01\x02\xff\xfe"}):
        assert _json_findings("bin.sql") == (
            1,
            [
                (1, 1, "SL001", 'invalid byte sequence for encoding "UTF8": 0x00'),
                (1, 2, "SL001", 'syntax error at or near "\\x01"'),
                (1, 4, "SL001", "the file is not valid UTF-8 (the first invalid byte is here)"),
            ],
        )


def test_a_nul_byte_does_not_hide_the_statements_after_it() -> None:
    with project({"m.sql": b"CREATE TABLE a (id int);\x00\nDELETE FROM users;\n"}):
        code, found = _json_findings("--select", "SL001,SL401", "m.sql")
    assert (code, found) == (
        1,
        [
            (1, 25, "SL001", 'invalid byte sequence for encoding "UTF8": 0x00'),
            (2, 1, "SL401", "`DELETE` hard-deletes rows of `users`"),
        ],
    )


def test_invalid_utf8_is_a_located_syntax_error_and_the_rest_is_linted() -> None:
    with project({"bad.sql": b"DELETE FROM a;\n\xff\xfeSELECT 1;\nDELETE FROM b;\n"}):
        assert _json_findings("bad.sql") == (
            1,
            [
                (1, 1, "SL401", "`DELETE` hard-deletes rows of `a`"),
                (2, 1, "SL001", 'syntax error at or near "\ufffd\ufffdSELECT"'),
                (3, 1, "SL401", "`DELETE` hard-deletes rows of `b`"),
            ],
        )


def test_crlf_and_a_bom_keep_the_lines_and_columns_of_findings() -> None:
    text = b"SELECT 1;\n  DELETE FROM a;\n"
    with project({"lf.sql": text}):
        expected = _json_findings("lf.sql")
    with project({"lf.sql": b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n")}):
        assert (
            _json_findings("lf.sql")
            == expected
            == (
                1,
                [(2, 3, "SL401", "`DELETE` hard-deletes rows of `a`")],
            )
        )


def test_a_directory_named_like_a_sql_file_is_linted_as_a_folder() -> None:
    with project({"x.sql/001_init.sql": b"DELETE FROM a;\n"}) as root:
        (root / "empty.sql").mkdir()
        assert run_cli("check", "--no-color", "empty.sql") == (
            0,
            "No findings.\n",
            "schemalint: no migration or schema found in empty.sql\n",
        )
        assert _json_findings("x.sql") == (
            1,
            [(1, 1, "SL401", "`DELETE` hard-deletes rows of `a`")],
        )


def test_a_symlink_loop_is_named_with_the_system_reason() -> None:
    with project({}) as root:
        (root / "loop.sql").symlink_to("one")
        (root / "one").symlink_to("two")
        (root / "two").symlink_to("one")
        assert run_cli("check", "loop.sql") == (
            2,
            "",
            f"{ERROR}loop.sql: too many levels of symbolic links\n",
        )
        assert run_cli("check", ".") == (
            2,
            "",
            f"{ERROR}loop.sql: cannot read: too many levels of symbolic links\n",
        )


def test_a_fifo_named_sql_is_refused_without_blocking() -> None:
    with project({}) as root:
        os.mkfifo(root / "fifo.sql")
        assert run_cli("check", "fifo.sql") == (
            2,
            "",
            f"{ERROR}fifo.sql: not a file or directory\n",
        )
        assert run_cli("check", ".") == (
            2,
            "",
            f"{ERROR}fifo.sql: cannot read: not a regular file\n",
        )


def test_a_broken_symlink_is_a_missing_file() -> None:
    with project({}) as root:
        (root / "gone.sql").symlink_to("nowhere.sql")
        assert run_cli("check", "gone.sql") == (
            2,
            "",
            f"{ERROR}gone.sql: no such file or directory\n",
        )
        assert run_cli("check", ".") == (
            2,
            "",
            f"{ERROR}gone.sql: cannot read: no such file or directory\n",
        )


def test_a_path_that_does_not_exist_is_one_line_and_exit_2() -> None:
    with project({}):
        assert run_cli("check", "missing.sql") == (
            2,
            "",
            f"{ERROR}missing.sql: no such file or directory\n",
        )


def test_a_python_object_yaml_tag_is_rejected_and_never_run() -> None:
    config = b'select: [SL1]\nrules: !!python/object/apply:os.system ["touch pwned"]\n'
    with project({".schemalint.yaml": config, "m/1.sql": b"SELECT 1;\n"}) as root:
        assert run_cli("check", "m") == (
            2,
            "",
            f"{ERROR}.schemalint.yaml:2:8: invalid YAML: could not determine a constructor "
            "for the tag 'tag:yaml.org,2002:python/object/apply:os.system'\n",
        )
        assert not (root / "pwned").exists()
        assert not (root / "m" / "pwned").exists()


def test_a_pyproject_with_invalid_toml_is_one_line_and_exit_2() -> None:
    with project({"pyproject.toml": b'[tool.schemalint]\nselect = ["SL1"\n'}):
        assert run_cli("check", ".") == (
            2,
            "",
            f"{ERROR}pyproject.toml:2: invalid TOML: Unclosed array\n",
        )


def test_a_config_file_that_is_not_utf8_is_one_line_and_exit_2() -> None:
    with project({".schemalint.yaml": b"select: [\xff]\n"}):
        assert run_cli("check", ".") == (2, "", f"{ERROR}.schemalint.yaml:1: not valid UTF-8\n")


def test_a_sibling_that_cannot_be_read_names_itself_when_a_file_is_linted() -> None:
    # The folder is the file's migration history (context), so the bad sibling is reported.
    with project({"m/001.sql": b"SELECT 1;\n"}) as root:
        (root / "m" / "002.sql").symlink_to("nowhere.sql")
        assert run_cli("check", str(Path("m") / "001.sql")) == (
            2,
            "",
            f"{ERROR}m/002.sql: cannot read: no such file or directory\n",
        )
