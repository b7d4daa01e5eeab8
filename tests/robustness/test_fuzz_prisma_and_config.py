"""Damaged Prisma schemas and config files: findings or one clear line, never a traceback."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.robustness.checks import check_cli_agrees, fuzz_settings, lint_here, project
from tests.robustness.mutations import CONFIG_BREAKERS, PRISMA_BREAKERS, file_mutation, mutated

CORPUS = Path(__file__).parent / "corpus"
SCHEMA = (CORPUS / "schema.prisma").read_bytes()
PYPROJECT = (CORPUS / "pyproject.toml").read_bytes()
YAML = (CORPUS / "schemalint.yaml").read_bytes()
MIGRATION = (CORPUS / "prisma_init.sql").read_bytes()

PRISMA_MUTATION = file_mutation(PRISMA_BREAKERS, deep=False)
CONFIG_MUTATION = file_mutation(CONFIG_BREAKERS, deep=False)


@fuzz_settings(weight=1.0)
@given(damaged=mutated(SCHEMA, PRISMA_MUTATION))
def test_damaged_prisma_schema_never_crashes(damaged: bytes) -> None:
    with project({"prisma/schema.prisma": damaged}):
        check_cli_agrees(lint_here())


@fuzz_settings(weight=0.3)
@given(damaged=mutated(SCHEMA, PRISMA_MUTATION))
def test_damaged_prisma_schema_beside_its_migrations_never_crashes(damaged: bytes) -> None:
    files = {
        "prisma/schema.prisma": damaged,
        "prisma/migrations/20240101000000_init/migration.sql": MIGRATION,
    }
    with project(files):
        check_cli_agrees(lint_here())


@fuzz_settings(weight=0.7)
@given(
    name=st.sampled_from(["pyproject.toml", "schemalint.yaml", ".schemalint.yml"]),
    data=st.data(),
)
def test_damaged_config_is_applied_or_one_line_error(name: str, data: st.DataObject) -> None:
    seed = PYPROJECT if name == "pyproject.toml" else YAML
    damaged = data.draw(mutated(seed, CONFIG_MUTATION))
    with project({name: damaged, "migrations/001_init.sql": MIGRATION}):
        check_cli_agrees(lint_here())
