"""Reading a project: which files are migrations and schemas, in which order, and
their text as the database will see it (placeholders, psql commands, comments)."""
