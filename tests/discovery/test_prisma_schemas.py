"""Prisma schemas: single files and multi-file folders, each loaded once."""

from __future__ import annotations

from pathlib import Path

from schemalint.inputs.discovery import Discovery, discover
from tests.trees import write_tree

DATASOURCE = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n'
MODEL = "model {name} {{\n  id Int @id\n}}\n"


def _schemas(discovery: Discovery) -> list[tuple[str, list[str]]]:
    return [
        (schema.root.as_posix(), [source.path for source in schema.files])
        for schema in discovery.prisma_schemas
    ]


def test_single_schema_file_is_one_schema_and_a_target(tmp_path: Path) -> None:
    write_tree(tmp_path, {"prisma/schema.prisma": DATASOURCE + MODEL.format(name="User")})
    discovery = discover([Path()], cwd=tmp_path)
    assert _schemas(discovery) == [("prisma", ["prisma/schema.prisma"])]
    assert discovery.targets == frozenset({"prisma/schema.prisma"})
    assert discovery.prisma_schemas[0].files[0].text == DATASOURCE + MODEL.format(name="User")


def test_multi_file_schema_folder_is_one_schema(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "prisma/schema/schema.prisma": DATASOURCE,
            "prisma/schema/user.prisma": MODEL.format(name="User"),
            "prisma/schema/post.prisma": MODEL.format(name="Post"),
            "prisma/migrations/20240101000000_init/migration.sql": "",
        },
    )
    discovery = discover([Path("prisma")], cwd=tmp_path)
    assert _schemas(discovery) == [
        (
            "prisma/schema",
            [
                "prisma/schema/post.prisma",
                "prisma/schema/schema.prisma",
                "prisma/schema/user.prisma",
            ],
        )
    ]
    assert discovery.targets == frozenset(
        {
            "prisma/schema/post.prisma",
            "prisma/schema/schema.prisma",
            "prisma/schema/user.prisma",
            "prisma/migrations/20240101000000_init/migration.sql",
        }
    )


def test_models_in_subfolders_belong_to_the_schema_folder_above(tmp_path: Path) -> None:
    # Since 6.7 a multi-file schema is a folder the project configures.
    write_tree(
        tmp_path,
        {
            "package.json": '{"prisma": {"schema": "prisma"}}',
            "prisma/schema.prisma": DATASOURCE,
            "prisma/models/user.prisma": MODEL.format(name="User"),
            "prisma/models/billing/plan.prisma": MODEL.format(name="Plan"),
        },
    )
    assert _schemas(discover([Path()], cwd=tmp_path)) == [
        (
            "prisma",
            [
                "prisma/models/billing/plan.prisma",
                "prisma/models/user.prisma",
                "prisma/schema.prisma",
            ],
        )
    ]


def test_single_prisma_file_of_a_multi_file_schema_loads_the_whole_schema(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "prisma/schema.prisma": DATASOURCE,
            "prisma/models/user.prisma": MODEL.format(name="User"),
            "prisma/models/post.prisma": MODEL.format(name="Post"),
        },
    )
    discovery = discover([Path("prisma/models/user.prisma")], cwd=tmp_path)
    assert _schemas(discovery) == [
        (
            "prisma",
            ["prisma/models/post.prisma", "prisma/models/user.prisma", "prisma/schema.prisma"],
        )
    ]
    assert discovery.targets == frozenset({"prisma/models/user.prisma"})


def test_a_nested_folder_with_its_own_datasource_is_a_separate_schema(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "app/schema.prisma": DATASOURCE + MODEL.format(name="User"),
            "app/examples/blog/schema.prisma": DATASOURCE + MODEL.format(name="Post"),
        },
    )
    assert _schemas(discover([Path()], cwd=tmp_path)) == [
        ("app", ["app/schema.prisma"]),
        ("app/examples/blog", ["app/examples/blog/schema.prisma"]),
    ]


def test_prisma_files_without_a_datasource_group_by_folder(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "models/b.prisma": MODEL.format(name="B"),
            "models/a.prisma": MODEL.format(name="A"),
        },
    )
    assert _schemas(discover([Path("models/b.prisma")], cwd=tmp_path)) == [
        ("models", ["models/a.prisma", "models/b.prisma"])
    ]


def test_excluded_prisma_file_stays_context_but_is_not_a_target(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"p/schema.prisma": DATASOURCE, "p/legacy.prisma": MODEL.format(name="Old")},
    )
    excluded = tmp_path / "p/legacy.prisma"
    discovery = discover([Path()], cwd=tmp_path, is_excluded=lambda p: p == excluded)
    assert _schemas(discovery) == [("p", ["p/legacy.prisma", "p/schema.prisma"])]
    assert discovery.targets == frozenset({"p/schema.prisma"})


def test_sibling_files_each_with_a_datasource_are_separate_schemas(tmp_path: Path) -> None:
    # Not one multi-file schema with every model defined twice.
    write_tree(
        tmp_path,
        {
            "examples/blog.prisma": DATASOURCE + MODEL.format(name="User"),
            "examples/shop.prisma": DATASOURCE + MODEL.format(name="User"),
        },
    )
    assert _schemas(discover([Path()], cwd=tmp_path)) == [
        ("examples", ["examples/blog.prisma"]),
        ("examples", ["examples/shop.prisma"]),
    ]
