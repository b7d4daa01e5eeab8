"""A finding moves to the migration whose statement made it true, for the rules whose condition
a later statement can bring about on an object defined earlier: SL106 (a DROP CONSTRAINT takes
the tenant column's foreign key), SL107 and SL108 (an ADD COLUMN makes the table tenant-scoped),
SL403 (an ADD COLUMN gives the table its soft-delete column), SL602 (a DROP INDEX uncovers a
column a policy filters on).

Each case is a two-migration project: ``check`` of the whole folder and of the new file alone
(what pre-commit and ``--diff`` pass) report it at the new statement, with the definition as the
related location (JSON and SARIF); ``check`` of the old file alone reports nothing. A finding
never goes to a change made before its object: a key or policy made after the change is
reported at its own definition.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from trees import write_tree

from .conftest import invoke

OLD = "migrations/001_init.sql"
NEW = "migrations/002_change.sql"
LATER = "migrations/003_later.sql"
PROJECTS = "CREATE TABLE projects (\n  id uuid PRIMARY KEY,\n"
ADD_WORKSPACE = "-- projects now belong to a workspace\nALTER TABLE projects ADD COLUMN workspace_id uuid NOT NULL;\n"

# code -> (old migration, new migration, message, (line, column) of the definition in OLD and
# its end (line, column)). Each finding is at NEW line 2, column 1 (the statement after a
# comment line).
MOVED: dict[str, tuple[str, str, str, tuple[int, int, int, int]]] = {
    "SL106": (
        "CREATE TABLE workspaces (id uuid PRIMARY KEY);\n"
        + PROJECTS
        + "  workspace_id uuid NOT NULL CONSTRAINT projects_workspace_id_fkey "
        "REFERENCES workspaces (id)\n);\n",
        "-- the check was slow\nALTER TABLE projects DROP CONSTRAINT projects_workspace_id_fkey;\n",
        "Tenant column `workspace_id` of `projects` has no foreign key to `workspaces`",
        (4, 3, 4, 94),
    ),
    "SL107": (
        PROJECTS + "  slug text NOT NULL UNIQUE\n);\n",
        ADD_WORKSPACE,
        "Unique constraint `projects_slug_key` on `projects` (`slug`) does not include the "
        "tenant column `workspace_id`",
        (3, 22, 3, 28),
    ),
    "SL108": (
        PROJECTS + "  visible boolean NOT NULL\n);\n"
        "ALTER TABLE projects ENABLE ROW LEVEL SECURITY;\n"
        'CREATE POLICY "Visible projects" ON projects FOR SELECT USING (visible);\n',
        ADD_WORKSPACE,
        "Policy `Visible projects` on `projects` is not scoped by tenant: its USING reads no "
        "tenant column (`workspace_id`) and no membership function",
        (6, 1, 6, 72),
    ),
    "SL403": (
        PROJECTS + "  slug text NOT NULL\n);\n"
        "CREATE UNIQUE INDEX projects_slug_key ON projects (slug);\n",
        "-- soft deletes\nALTER TABLE projects ADD COLUMN deleted_at timestamptz;\n",
        "Unique index `projects_slug_key` on `projects` (`slug`) also counts soft-deleted rows",
        (5, 1, 5, 57),
    ),
    "SL602": (
        PROJECTS + "  owner_id uuid NOT NULL\n);\n"
        "CREATE INDEX projects_owner_id_idx ON projects (owner_id);\n"
        "ALTER TABLE projects ENABLE ROW LEVEL SECURITY;\n"
        'CREATE POLICY "Own projects" ON projects USING (owner_id = (select auth.uid()));\n',
        "-- the index looked unused\nDROP INDEX projects_owner_id_idx;\n",
        "Policy `Own projects` filters `projects` on `owner_id`, which leads no index",
        (7, 49, 7, 57),
    ),
}


def _findings(args: list[str]) -> list[tuple[Any, ...]]:
    result = invoke(["check", *args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return [
        (
            f["code"],
            f["path"],
            f["line"],
            f["column"],
            f["message"],
            [(r["path"], r["line"], r["column"], r["end_line"], r["end_column"], r["message"])
             for r in f.get("related", [])],
        )
        for f in json.loads(result.stdout)["findings"]
    ]  # fmt: skip


@pytest.mark.parametrize("code", sorted(MOVED))
def test_finding_is_reported_in_the_migration_that_made_it(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new, message, (line, column, end_line, end_column) = MOVED[code]
    write_tree(tmp_path, {OLD: old, NEW: new})
    monkeypatch.chdir(tmp_path)
    defined = [(OLD, line, column, end_line, end_column, "defined here")]
    expected = [(code, NEW, 2, 1, message, defined)]

    assert _findings(["migrations", "--select", code]) == expected
    assert _findings([NEW, "--select", code]) == expected
    only_old = invoke(["check", OLD, "--select", code])
    assert (only_old.exit_code, only_old.stdout) == (0, "No findings.\n")

    sarif = json.loads(invoke(["check", NEW, "--select", code, "--format", "sarif"]).stdout)
    [result] = sarif["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    assert result["relatedLocations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": OLD, "uriBaseId": "%SRCROOT%"},
                "region": {
                    "startLine": line,
                    "startColumn": column,
                    "endLine": end_line,
                    "endColumn": end_column,
                },
            },
            "id": 1,
            "message": {"text": "defined here"},
        }
    ]


# code -> (old, new, later migration made after the change, message, line and column of the
# object's definition in LATER).
BORN_LATER: dict[str, tuple[str, str, str, str, tuple[int, int]]] = {
    "SL107": (
        PROJECTS + "  slug text NOT NULL\n);\n",
        ADD_WORKSPACE,
        "-- one project per slug\nCREATE UNIQUE INDEX projects_slug_key ON projects (slug);\n",
        "Unique index `projects_slug_key` on `projects` (`slug`) does not include the tenant "
        "column `workspace_id`",
        (2, 1),
    ),
    "SL108": (
        PROJECTS + "  visible boolean NOT NULL\n);\n"
        "ALTER TABLE projects ENABLE ROW LEVEL SECURITY;\n",
        ADD_WORKSPACE,
        '-- readable when visible\nCREATE POLICY "Visible projects" ON projects FOR SELECT '
        "USING (visible);\n",
        "Policy `Visible projects` on `projects` is not scoped by tenant: its USING reads no "
        "tenant column (`workspace_id`) and no membership function",
        (2, 1),
    ),
    "SL403": (
        PROJECTS + "  slug text NOT NULL\n);\n",
        "-- soft deletes\nALTER TABLE projects ADD COLUMN deleted_at timestamptz;\n",
        "-- one project per slug\nCREATE UNIQUE INDEX projects_slug_key ON projects (slug);\n",
        "Unique index `projects_slug_key` on `projects` (`slug`) also counts soft-deleted rows",
        (2, 1),
    ),
    "SL602": (
        PROJECTS + "  owner_id uuid NOT NULL\n);\n"
        "CREATE INDEX projects_owner_id_idx ON projects (owner_id);\n"
        "ALTER TABLE projects ENABLE ROW LEVEL SECURITY;\n",
        "-- the index looked unused\nDROP INDEX projects_owner_id_idx;\n",
        '-- owners only\nCREATE POLICY "Own projects" ON projects USING '
        "(owner_id = (select auth.uid()));\n",
        "Policy `Own projects` filters `projects` on `owner_id`, which leads no index",
        (2, 49),
    ),
}


@pytest.mark.parametrize("code", sorted(BORN_LATER))
def test_object_made_after_the_change_is_reported_at_its_definition(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new, later, message, (line, column) = BORN_LATER[code]
    write_tree(tmp_path, {OLD: old, NEW: new, LATER: later})
    monkeypatch.chdir(tmp_path)
    expected = [(code, LATER, line, column, message, [])]

    assert _findings(["migrations", "--select", code]) == expected
    assert _findings([LATER, "--select", code]) == expected
    assert _findings([NEW, "--select", code]) == []


def test_policy_altered_in_a_new_migration_is_reported_at_the_alter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = (
        PROJECTS + "  workspace_id uuid NOT NULL,\n  visible boolean NOT NULL\n);\n"
        "ALTER TABLE projects ENABLE ROW LEVEL SECURITY;\n"
        'CREATE POLICY "Visible projects" ON projects FOR SELECT\n'
        "  USING (workspace_id = (select private.my_workspace()));\n"
    )
    new = '-- show every visible project\nALTER POLICY "Visible projects" ON projects USING (visible);\n'
    write_tree(tmp_path, {OLD: old, NEW: new})
    monkeypatch.chdir(tmp_path)
    message = MOVED["SL108"][2]
    expected = [("SL108", NEW, 2, 52, message, [(OLD, 7, 1, 8, 57, "defined here")])]

    assert _findings(["migrations", "--select", "SL108"]) == expected
    assert _findings([NEW, "--select", "SL108"]) == expected
    assert _findings([OLD, "--select", "SL108"]) == []
