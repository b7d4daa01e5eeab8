"""``check`` lets the histories' catalogs go once the fixes are made (``catalogs``);
the findings are the same."""

from __future__ import annotations

from pathlib import Path

from schemalint.config import Config
from schemalint.engine import lint
from schemalint.inputs.discovery import discover
from tests.rules.helpers import seen

SQL = (
    "CREATE TABLE customers (id bigint PRIMARY KEY);\n"
    "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);\n"
)


def test_findings_are_the_same_without_the_catalogs(tmp_path: Path) -> None:
    (tmp_path / "a.sql").write_text(SQL, encoding="utf-8")
    config = Config(root=tmp_path, select=("SL201",))
    kept = lint(discover([tmp_path / "a.sql"], cwd=tmp_path), config, cwd=tmp_path)
    released = lint(
        discover([tmp_path / "a.sql"], cwd=tmp_path), config, cwd=tmp_path, catalogs=False
    )
    assert list(kept.catalogs) == [Path()]
    assert released.catalogs == {}
    assert released.findings == kept.findings
    assert [seen(f, released.sources[f.path]) for f in released.findings] == [
        (
            "SL201",
            "a.sql",
            2,
            64,
            "Foreign key `customer_id` on `orders` (referencing `customers`) has no index",
        ),
    ]
