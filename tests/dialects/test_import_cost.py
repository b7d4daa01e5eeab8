"""A PostgreSQL-only run must not import sqlglot (it costs ~0.2 s per pre-commit run)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def test_linting_a_postgres_only_project_does_not_import_sqlglot(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from schemalint.config import Config
        from schemalint.inputs.discovery import Discovery, Stream
        from schemalint.tools.registry import PLAIN
        from schemalint.engine import lint
        from schemalint.source import SourceFile

        source = SourceFile("001_init.sql", "CREATE TABLE t (id bigint PRIMARY KEY);\\n")
        stream = Stream(Path("."), PLAIN, (source,))
        result = lint(Discovery((stream,), (), frozenset({source.path})), Config(root=Path(".")))
        assert result.rules_run, result
        assert "sqlglot" not in sys.modules, "sqlglot was imported"
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
