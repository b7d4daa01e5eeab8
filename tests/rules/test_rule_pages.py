"""Every SQL/Prisma example on a rule page runs: Example lines marked ``expect`` are exactly the
findings of that page's rule; Use-instead blocks produce none.

A block is one migration file, or several when ``-- migration: <name>`` lines split it (the
files form one stream; findings count in every file). Lines at the top of a block set how it
runs: ``-- runner: <layout>`` names the tool that runs the stream (default: a plain folder of
SQL files); ``-- postgres: <major>`` marks an example written for that PostgreSQL version and
later (linted as a project on that version; its claims are checked only on such servers, see
``tests/safety/test_page_claims.py``). Only the page's rule is selected (plus the rules a
``schemalint-ignore`` comment names); options come from the page's Configuration.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from schemalint.rules.registry import ALL_RULES
from tests.rules.helpers import lint, lint_project

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
_FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)
_EXPECT = re.compile(r"(?:--|//) expect: (SL\d{3})")
_HEADER = re.compile(r"-- (runner|postgres): ([\w-]+)\n")
_IGNORED = re.compile(r"schemalint-ignore(?:-file)? (SL\d{3})")


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _blocks() -> list[Any]:
    cases = []
    for rule in ALL_RULES:
        page = ROOT / "rules" / f"{rule.code}-{rule.name}.md"
        sections = _sections(page.read_text())
        options: dict[str, Any] = {}
        for lang, body in _FENCE.findall(sections.get("Configuration", "")):
            if lang == "toml":
                table = tomllib.loads(body).get("tool", {}).get("schemalint", {})
                options = dict(table.get("rules", {}).get(rule.code, {}))
                options.pop("severity", None)
        for heading in ("Example", "Use instead"):
            for number, (lang, body) in enumerate(_FENCE.findall(sections[heading]), 1):
                if lang in ("sql", "prisma"):
                    case_id = f"{rule.code}-{heading.replace(' ', '-').lower()}-{number}"
                    cases.append(pytest.param(rule.code, heading, lang, body, options, id=case_id))
    return cases


def _header(body: str) -> dict[str, str]:
    """The block's leading ``-- runner:`` / ``-- postgres:`` lines, by key."""
    found: dict[str, str] = {}
    position = 0
    while line := _HEADER.match(body, position):
        found[line.group(1)] = line.group(2)
        position = line.end()
    return found


def _files(lang: str, body: str) -> list[tuple[str, str]]:
    if lang == "prisma":
        # `// file: <path>` lines start the project's other files (its migrations).
        parts = re.split(r"^// file: (\S+)\n", body, flags=re.M)
        return [("prisma/schema.prisma", parts[0]), *zip(parts[1::2], parts[2::2], strict=True)]
    files: list[tuple[str, list[str]]] = []
    for line in body.splitlines(keepends=True):
        if _HEADER.fullmatch(line):
            continue
        if line.startswith("-- migration: "):
            files.append((f"migrations/{line.split(': ', 1)[1].strip()}", []))
            continue
        if not files:
            files.append(("migrations/0001_example.sql", []))
        files[-1][1].append(line)
    return [(path, "".join(lines)) for path, lines in files]


def _frontend_ready(lang: str) -> None:
    module = (
        "schemalint.frontends.prisma"
        if lang == "prisma"
        else "schemalint.frontends.postgres.frontend"
    )
    try:
        importlib.import_module(module)
    except ImportError as error:  # a colleague's frontend still being written
        pytest.skip(f"{module} is not importable yet: {error}")


@pytest.mark.parametrize(("code", "heading", "lang", "body", "options"), _blocks())
def test_page_example(
    tmp_path: Path, code: str, heading: str, lang: str, body: str, options: dict[str, Any]
) -> None:
    _frontend_ready(lang)
    files = _files(lang, body)
    select = sorted({code, *_IGNORED.findall(body)})
    header = _header(body)
    if len(files) > 1 and lang == "prisma":
        found = lint_project(tmp_path, files, select, options={code: options})
    else:
        found, _ = lint(
            tmp_path,
            files,
            select,
            prisma=lang == "prisma",
            options={code: options},
            layout=header.get("runner", "plain"),
            project={"postgres_version": int(header["postgres"])} if "postgres" in header else None,
        )
    actual = {(c, path, line) for c, path, line, _, _ in found if c == code}
    expected = {
        (marked, path, number)
        for path, text in files
        for number, line in enumerate(text.splitlines(), 1)
        for marked in _EXPECT.findall(line)
    }
    if heading == "Use instead":
        assert actual == set()
    else:
        assert expected, "an Example block must mark at least one line"
        assert actual == expected
