create schema if not exists extensions;

create extension if not exists "citext" with schema "extensions";
create extension if not exists "pg_trgm" with schema "extensions";
create extension if not exists "moddatetime" with schema "extensions";
create extension if not exists "btree_gist" with schema "extensions";
