"""Paths from the repository root, wherever schemalint runs."""

from __future__ import annotations

from pathlib import Path

from schemalint.inputs.repo import repo_relative, repository_root


def test_the_root_is_the_nearest_folder_with_git_else_the_working_folder(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "db" / "migrations").mkdir(parents=True)
    (tmp_path / "plain").mkdir()
    # A worktree or submodule has a .git file.
    (tmp_path / "repo" / "sub").mkdir()
    (tmp_path / "repo" / "sub" / ".git").write_text("gitdir: elsewhere\n")

    assert repository_root(tmp_path / "repo" / "db" / "migrations") == tmp_path / "repo"
    assert repository_root(tmp_path / "repo" / "sub") == tmp_path / "repo" / "sub"
    assert repository_root(tmp_path / "plain") == tmp_path / "plain"


def test_display_paths_become_paths_from_the_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    relative = repo_relative(tmp_path / "db")

    assert relative("migrations/001.sql") == "db/migrations/001.sql"
    assert relative("../schema.prisma") == "schema.prisma"
    assert relative(str(tmp_path / "db" / "x.sql")) == "db/x.sql"
    # Outside the repository: kept as given.
    assert relative("../../elsewhere.sql") == "../../elsewhere.sql"
    assert repo_relative(tmp_path)("db/x.sql") == "db/x.sql"
