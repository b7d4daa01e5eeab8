"""The schema state that migrations (or a Prisma schema) build."""
