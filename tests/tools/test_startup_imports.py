"""A check of a folder with no migrations imports none of what only a migration needs: the
tools' recognisers and runner models, Prisma's history marks, the signal handling of --jobs
workers (each costs start-up time; bench/instructions.py measures it)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


@pytest.mark.slow
def test_checking_an_empty_folder_imports_nothing_only_migrations_need(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    script = textwrap.dedent(
        """
        import sys
        from schemalint.cli import main
        try:
            main(["check", "--format", "json", "empty"])
        except SystemExit:
            pass
        lazy = (
            "schemalint.tools.structures",
            "schemalint.tools.runners",
            "schemalint.tools.transactions",
            "schemalint.catalog.history",
            "signal",
        )
        print(" ".join(name for name in lazy if name in sys.modules), file=sys.stderr)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.stderr == "schemalint: no migration or schema found in empty\n\n"
