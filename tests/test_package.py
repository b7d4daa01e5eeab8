"""The package as an index shows it: license, classifiers, project URLs, a README whose links
work away from the repository, and a changelog."""

from __future__ import annotations

import re
import sys
from importlib.metadata import metadata
from pathlib import Path

from schemalint.output.reporters.sarif import INFORMATION_URI
from schemalint.rules.docs import RULE_DOCS_BASE

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

REPO_ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
REPOSITORY = PYPROJECT["project"]["urls"]["Repository"]
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")

_INLINE = re.compile(r"\]\(\s*<?([^)\s>]+)")
_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?\s*$", re.M)
_HTML = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)""")
_AUTOLINK = re.compile(r"<((?:[a-z]+:)?//[^>]+|[^ >]+\.md)>")


def _links(markdown: str) -> list[str]:
    # Code blocks hold commands and YAML, not links.
    prose = re.sub(r"```.*?```", "", markdown, flags=re.S)
    return [
        link
        for pattern in (_INLINE, _REFERENCE, _HTML, _AUTOLINK)
        for link in pattern.findall(prose)
    ]


def test_the_repository_url_is_defined_once_and_used_by_the_code() -> None:
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", REPOSITORY)
    assert INFORMATION_URI == REPOSITORY
    assert f"{REPOSITORY}/blob/main/rules/" == RULE_DOCS_BASE


def test_every_readme_link_is_absolute_and_points_at_something_that_exists() -> None:
    links = _links(README)

    assert len(links) > 10
    assert [link for link in links if not link.startswith("https://")] == []
    headings = {
        re.sub(r"[^\w\- ]", "", heading).strip().lower().replace(" ", "-")
        for heading in re.findall(r"^#+ (.+)$", README, re.M)
    }
    for link in links:
        if link.startswith(f"{REPOSITORY}/blob/main/"):
            assert (REPO_ROOT / link.removeprefix(f"{REPOSITORY}/blob/main/")).is_file(), link
        elif link.startswith(f"{REPOSITORY}#"):
            assert link.split("#", 1)[1] in headings, link


def test_the_links_checker_sees_relative_links() -> None:
    assert _links('[a](rules/x.md)\n[b]: docs/y.md\n<a href="z.md">z</a> <c.md>\n') == [
        "rules/x.md",
        "docs/y.md",
        "z.md",
        "c.md",
    ]


def test_metadata_has_license_classifiers_and_urls() -> None:
    meta = metadata("schemalint")

    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    classifiers = meta.get_all("Classifier") or []
    assert "Programming Language :: Python :: 3.10" in classifiers
    assert "Topic :: Database" in classifiers
    assert "Environment :: Console" in classifiers
    urls = dict(entry.split(", ", 1) for entry in meta.get_all("Project-URL") or [])
    assert urls == PYPROJECT["project"]["urls"]
    assert urls["Repository"] == REPOSITORY
    assert (REPO_ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def test_no_runtime_dependency_on_pydantic() -> None:
    assert not any(d.startswith("pydantic") for d in PYPROJECT["project"]["dependencies"])


def test_the_changelog_has_the_current_version_and_an_unreleased_section() -> None:
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    version = PYPROJECT["project"]["version"]

    assert "## [Unreleased]\n" in changelog
    assert f"## [{version}]\n" in changelog
    assert f"[{version}]: {REPOSITORY}/releases/tag/v{version}\n" in changelog


def test_every_third_party_import_of_the_package_is_a_declared_dependency() -> None:
    # A dependency that arrives only through another one breaks when that one goes (as
    # typing_extensions did when pydantic was dropped): each import must be declared.
    import ast

    declared = {
        re.split(r"[<>=;\[ ]", requirement, maxsplit=1)[0].lower().replace("-", "_")
        for requirement in PYPROJECT["project"]["dependencies"]
    }
    module_of = {"pyyaml": "yaml"}
    declared = {module_of.get(name, name) for name in declared}
    imported: set[str] = set()
    for path in (REPO_ROOT / "src").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
    # Standard modules of a later Python than this one: CPython 3.12's SHA-256 (``_sha256``
    # before), which ``output.fingerprint`` imports where it exists.
    later_stdlib = {"_sha2"}
    third_party = {
        name
        for name in imported
        if name not in sys.stdlib_module_names | later_stdlib and name != "schemalint"
    }

    assert "typing_extensions" in third_party
    assert sorted(third_party - declared) == []
