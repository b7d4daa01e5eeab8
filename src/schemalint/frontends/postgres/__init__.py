"""The PostgreSQL frontend: pglast's JSON parse trees to IR (``frontend.parse``)."""
