"""Exclude patterns (``exclude`` in the config): gitignore semantics, relative to the root."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemalint.config import Config

EXCLUDES = ("migrations/legacy/", "*.down.sql", "**/seed.sql", "!keep.down.sql", "/tmp*", "a/**/z")


@pytest.mark.parametrize(
    ("path", "excluded"),
    [
        ("migrations/legacy/0001_init.sql", True),
        ("migrations/legacy/deep/0002.sql", True),
        ("db/migrations/legacy/0001_init.sql", False),
        ("migrations/0003_add_users.sql", False),
        ("0001.down.sql", True),
        ("db/migrations/0001.down.sql", True),
        ("db/migrations/keep.down.sql", False),
        ("seed.sql", True),
        ("supabase/seed.sql", True),
        ("supabase/seed.sql.bak", False),
        ("tmp_notes.sql", True),
        ("db/tmp_notes.sql", False),
        ("a/z", True),
        ("a/b/c/z", True),
        ("b/a/z", False),
    ],
)
def test_exclude_patterns_follow_gitignore(tmp_path: Path, path: str, excluded: bool) -> None:
    config = Config(root=tmp_path, exclude=EXCLUDES)
    assert (config.is_excluded(Path(path)), config.is_excluded(tmp_path / path)) == (
        excluded,
        excluded,
    )


def test_trailing_slash_pattern_matches_folders_not_files(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "old").touch()
    config = Config(root=tmp_path, exclude=("old/",))
    assert [config.is_excluded(tmp_path / p) for p in ("old", "old/1.sql", "db/old")] == [
        True,
        True,
        False,
    ]


def test_file_inside_an_excluded_folder_cannot_be_reincluded(tmp_path: Path) -> None:
    config = Config(root=tmp_path, exclude=("legacy/", "!legacy/keep.sql", "*.sql", "!ok.sql"))
    assert [config.is_excluded(Path(p)) for p in ("legacy/keep.sql", "x/ok.sql", "x.sql")] == [
        True,
        False,
        True,
    ]


def test_last_matching_pattern_wins(tmp_path: Path) -> None:
    config = Config(root=tmp_path, exclude=("!a.sql", "*.sql"))
    assert config.is_excluded(Path("a.sql")) is True


def test_character_classes_and_escapes(tmp_path: Path) -> None:
    config = Config(root=tmp_path, exclude=("V[0-9]_*.sql", "[!R]x.sql", r"\!bang.sql", "a?c"))
    checks = ("V1_init.sql", "Va_init.sql", "Qx.sql", "Rx.sql", "!bang.sql", "abc", "a/c")
    assert [config.is_excluded(Path(p)) for p in checks] == [
        True,
        False,
        True,
        False,
        True,
        True,
        False,
    ]


def test_paths_outside_the_root_are_never_excluded(tmp_path: Path) -> None:
    config = Config(root=tmp_path / "project", exclude=("*.sql",))
    assert [config.is_excluded(p) for p in (tmp_path / "x.sql", Path("../x.sql"))] == [
        False,
        False,
    ]
