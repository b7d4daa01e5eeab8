"""Frontends: turn source text (SQL dialects, Prisma schemas) into IR statements or a Catalog."""
