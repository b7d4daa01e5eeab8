"""The MySQL/MariaDB and SQLite frontend: sqlglot expressions to IR
(``frontend.parse``)."""
