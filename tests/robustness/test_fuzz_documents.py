"""Generated baselines, journals, configs, PL/pgSQL bodies and file names: never an internal error.

Each property builds its input from scratch (deep nesting, numbers of thousands of digits, file
names that are not UTF-8) and checks what a user would see: a result, or one line naming the
file. The ``ci`` profile runs a few hundred of each; ``long`` (bench/fuzz_long.py) many more.
"""

from __future__ import annotations

import json
import os
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from schemalint.config import ConfigError, load_config
from schemalint.output.baseline import BaselineError, read_baseline
from tests.robustness.checks import (
    Seen,
    check_cli_agrees,
    fuzz_settings,
    lint_here,
    one_line_error,
    project,
    run_cli,
    seen,
)

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["SL401", "SL40l", "hard-delete", "SL9", "", "fingerprint", "1" * 50]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=10), children, max_size=4),
    ),
    max_leaves=20,
)


def _nest(text: str, depth: int, as_list: bool) -> str:
    """``text`` (JSON) inside ``depth`` lists or objects: too deep for json.dumps to write."""
    if as_list:
        return "[" * depth + text + "]" * depth
    return '{"k": ' * depth + text + "}" * depth


@st.composite
def _documents(draw: st.DrawFn, shape: st.SearchStrategy[Any]) -> bytes:
    """JSON text: a plausible document, maybe nested thousands deep or carrying long numbers."""
    text = json.dumps(draw(shape))
    if draw(st.booleans()):
        text = _nest(text, draw(st.integers(0, 3000)), draw(st.booleans()))
    if draw(st.integers(0, 4)) == 0:
        digits = draw(st.integers(1, 6000))
        text = text.replace("0", "9" * digits, 1) if "0" in text else f"[{'7' * digits}]"
    if draw(st.integers(0, 4)) == 0:
        cut = draw(st.integers(0, len(text)))
        text = text[:cut]
    return text.encode()


_BASELINE = st.fixed_dictionaries(
    {
        "version": st.one_of(st.just(1), _SCALARS),
        "findings": st.one_of(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "fingerprint": st.one_of(st.text(max_size=8), _SCALARS),
                        "code": st.sampled_from(["SL401", "SL201"]),
                        "path": st.text(max_size=12),
                        "message": st.text(max_size=12),
                    }
                ),
                max_size=4,
            ),
            _VALUES,
        ),
    }
)


@fuzz_settings(weight=0.5)
@given(data=_documents(st.one_of(_BASELINE, _VALUES)))
def test_generated_baselines_read_or_fail_in_one_line(data: bytes) -> None:
    with project({"baseline.json": data}) as root:
        try:
            read_baseline(root / "baseline.json")
        except BaselineError as error:
            assert one_line_error(error).startswith(f"{root / 'baseline.json'}: ")


_JOURNAL = st.fixed_dictionaries(
    {
        "version": st.just("7"),
        "entries": st.one_of(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "idx": st.one_of(st.integers(-5, 5), _SCALARS),
                        "tag": st.sampled_from(["0000_init", "0001_next", "0002_gone", "x"]),
                    }
                ),
                max_size=4,
            ),
            _VALUES,
        ),
    }
)
_DRIZZLE = {
    "drizzle/0000_init.sql": b"CREATE TABLE a (id int);\n",
    "drizzle/0001_next.sql": b"DELETE FROM a;\n",
}


@fuzz_settings(weight=0.1)
@given(journal=_documents(st.one_of(_JOURNAL, _VALUES)))
def test_generated_drizzle_journals_never_crash(journal: bytes) -> None:
    with project({**_DRIZZLE, "drizzle/meta/_journal.json": journal}):
        check_cli_agrees(lint_here())


_SELECTORS = st.lists(
    st.one_of(
        st.sampled_from(["SL401", "SL40l", "SL9", "SL1", "hard-delet", "hard-delete"]),
        st.text(max_size=6),
    ),
    max_size=3,
)
_CONFIG = st.dictionaries(
    st.sampled_from(
        ["select", "ignore", "fail-on", "dialect", "exclude", "cache", "baseline", "rules", "x"]
    ),
    st.one_of(_SELECTORS, _VALUES),
    max_size=4,
)


@st.composite
def _config_files(draw: st.DrawFn) -> tuple[str, bytes]:
    settings = json.dumps(draw(_CONFIG))
    # One in ten deep: a YAML document a thousand levels deep takes ~0.1 s to refuse.
    depth = draw(st.integers(0, 2000) if draw(st.integers(0, 9)) == 0 else st.integers(0, 5))
    deep = _nest('["SL401"]', depth, True)
    if draw(st.booleans()):
        # YAML is a superset of JSON: the settings, maybe with a deep `ignore`, as YAML.
        if draw(st.booleans()):
            settings = settings[:-1] + (", " if settings != "{}" else "") + f'"ignore": {deep}}}'
        return ".schemalint.yaml", settings.encode()
    inner = json.dumps(draw(_SELECTORS)) if draw(st.booleans()) else deep
    return "pyproject.toml", f"[tool.schemalint]\nselect = {inner}\n".encode()


@fuzz_settings(weight=0.3)
@given(config=_config_files())
def test_generated_configs_load_or_fail_in_one_line(config: tuple[str, bytes]) -> None:
    name, data = config
    with project({name: data}) as root:
        try:
            load_config(root)
        except ConfigError as error:
            assert one_line_error(error).startswith(f"{name}")


_PLPGSQL_STATEMENTS = st.sampled_from(
    [
        b"NULL;",
        b"DELETE FROM a;",
        b"UPDATE a SET id = 1;",
        b"EXECUTE 'DELETE FROM ' || 'a';",
        b"PERFORM 1;",
        b"RAISE NOTICE 'x';",
        b"IF true THEN NULL; END IF;",
        b"x := (((1)));",
        b"$$",
        b"'",
        b";",
    ]
)


@st.composite
def _plpgsql(draw: st.DrawFn) -> bytes:
    depth = draw(st.one_of(st.integers(0, 20), st.integers(400, 800)))
    body = b" ".join(draw(st.lists(_PLPGSQL_STATEMENTS, max_size=5)))
    blocks = draw(st.sampled_from([(b"BEGIN ", b" END;"), (b"LOOP ", b" END LOOP;")]))
    nested = blocks[0] * depth + body + blocks[1] * depth
    wrap = draw(st.booleans())
    routine = (
        b"CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN " + nested + b" END $$;"
        if wrap
        else b"DO $$ BEGIN " + nested + b" END $$;"
    )
    return b"CREATE TABLE a (id int);\n" + routine + b"\nDELETE FROM a;\n"


@fuzz_settings(weight=0.1)
@given(sql=_plpgsql())
def test_generated_plpgsql_bodies_never_crash(sql: bytes) -> None:
    with project({"migrations/001.sql": sql}):
        check_cli_agrees(lint_here())


_NAME_PIECES = st.sampled_from(
    [
        b"\xff",
        b"\xfe\xfd",
        b"\xc3",
        b" ",
        b"\n",
        b"\t",
        b"-",
        b"--",
        "é😀".encode(),
        b"*?[",
        b"%",
        b"\\",
        b'"',
        b"'",
        b"#",
    ]
)


@st.composite
def _odd_names(draw: st.DrawFn) -> str:
    pieces = draw(
        st.lists(st.one_of(_NAME_PIECES, st.binary(min_size=1, max_size=3)), min_size=1, max_size=4)
    )
    raw = b"".join(pieces).replace(b"/", b"_").replace(b"\x00", b"_")
    return os.fsdecode(b"migrations/002_" + raw + b".sql")


@fuzz_settings(weight=0.1)
@given(name=_odd_names(), fmt=st.sampled_from(["json", "sarif", "gitlab", "text", "github"]))
def test_odd_file_names_in_every_format_and_output_file(name: str, fmt: str) -> None:
    files = {"migrations/001.sql": b"CREATE TABLE a (id int);\n", name: b"DELETE FROM a;\n"}
    with project(files) as root:
        engine = lint_here()
        check_cli_agrees(engine)
        # The odd-named file is linted: its DELETE is reported, at its path.
        assert not isinstance(engine, str), engine
        assert [s for s in seen(engine) if s.code == "SL401"] == [Seen("SL401", name, 1, 1)]
        code, out, err = run_cli(
            "check", "--format", fmt, "-o", "report.out", "--write-baseline", "b.json"
        )
        assert (code, out) == (0, ""), err
        assert err.startswith("schemalint: wrote "), err
        report = (root / "report.out").read_bytes()
        if fmt in ("json", "sarif", "gitlab"):
            document = json.loads(report.decode("utf-8"))
            if fmt == "json":
                paths = {f["path"] for f in document["findings"] if f["code"] == "SL401"}
                assert paths == {name}
        code, out, err = run_cli("check", "--format", "json", "--baseline", "b.json")
        assert (code, err) == (0, ""), err
        assert json.loads(out)["findings"] == [] or all(
            f["suppressed"] for f in json.loads(out)["findings"]
        )
