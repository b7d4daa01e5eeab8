-- Fuzzy search over challenge titles.
create extension if not exists pg_trgm;
create extension if not exists "uuid-ossp" with schema extensions;

create index challenges_title_trgm_idx on public.challenges using gin (title gin_trgm_ops);
