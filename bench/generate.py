"""Generate a realistic Supabase migration history for benchmarks.

Usage: python bench/generate.py OUT_DIR [--files 500] [--seed 7]

Every file is valid PostgreSQL in the style of a multi-tenant platform: tenant tables with
foreign keys and indexes, RLS and policies, added columns with backfills, functions with
PL/pgSQL bodies, and now and then a deliberate mistake so the rules have work to do.
"""

from __future__ import annotations

import argparse
import datetime
import random
from pathlib import Path

ENTITIES = [
    "challenge",
    "submission",
    "review",
    "comment",
    "attachment",
    "invitation",
    "team",
    "milestone",
    "reward",
    "badge",
    "event",
    "notification",
    "webhook",
    "api_key",
    "audit_log",
    "rubric",
    "criterion",
    "score",
    "tag",
    "category",
    "project",
    "task",
    "document",
    "asset",
]

START = datetime.datetime(2024, 1, 1, 9, 0, 0)


def create_table(table: str, parents: list[str], rng: random.Random) -> str:
    columns = [
        "  id uuid PRIMARY KEY DEFAULT gen_random_uuid()",
        "  organization_id uuid NOT NULL REFERENCES public.organizations(id) ON DELETE CASCADE",
        "  workspace_id uuid NOT NULL REFERENCES public.workspaces(id) ON DELETE CASCADE",
    ]
    fks = []
    for parent in parents:
        columns.append(f"  {parent}_id uuid REFERENCES public.{parent}s(id)")
        fks.append(parent)
    columns += [
        "  title varchar(255) NOT NULL",
        "  body text",
        "  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed'))",
        "  metadata jsonb NOT NULL DEFAULT '{}'::jsonb",
        "  created_at timestamptz NOT NULL DEFAULT now()",
        "  updated_at timestamptz NOT NULL DEFAULT now()",
        "  deleted_at timestamptz",
    ]
    lines = [
        f"-- {table}: created for the {rng.choice(['beta', 'launch', 'v2'])} release",
        f"CREATE TABLE IF NOT EXISTS public.{table} (",
        ",\n".join(columns),
        ");",
        "",
    ]
    lines.append(f"CREATE INDEX {table}_workspace_id_idx ON public.{table} (workspace_id);")
    lines.append(f"CREATE INDEX {table}_organization_id_idx ON public.{table} (organization_id);")
    for parent in fks:
        if rng.random() < 0.8:
            lines.append(f"CREATE INDEX {table}_{parent}_id_idx ON public.{table} ({parent}_id);")
    lines += [
        "",
        f"ALTER TABLE public.{table} ENABLE ROW LEVEL SECURITY;",
        "",
        f'CREATE POLICY "{table} members read" ON public.{table}',
        "  FOR SELECT TO authenticated",
        "  USING (workspace_id IN (",
        "    SELECT wm.workspace_id FROM public.workspace_members wm WHERE wm.user_id = auth.uid()",
        "  ));",
        "",
        f'CREATE POLICY "{table} admins write" ON public.{table}',
        "  FOR ALL TO authenticated",
        "  USING (EXISTS (",
        "    SELECT 1 FROM public.workspace_members wm",
        f"    WHERE wm.workspace_id = {table}.workspace_id AND wm.user_id = auth.uid()",
        "      AND wm.role IN ('owner', 'admin')",
        "  ));",
        "",
        f"CREATE TRIGGER {table}_touch BEFORE UPDATE ON public.{table}",
        "  FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();",
    ]
    return "\n".join(lines) + "\n"


def add_column(table: str, n: int, rng: random.Random) -> str:
    column = f"extra_{n}"
    if rng.random() < 0.85:
        return (
            f"ALTER TABLE public.{table} ADD COLUMN {column} integer;\n\n"
            f"UPDATE public.{table} SET {column} = 0 WHERE {column} IS NULL;\n\n"
            f"ALTER TABLE public.{table} ALTER COLUMN {column} SET NOT NULL;\n"
        )
    return f"ALTER TABLE public.{table} ADD COLUMN {column} integer NOT NULL;\n"


def function(table: str, n: int, rng: random.Random) -> str:
    statement = (
        f"DELETE FROM public.{table} WHERE created_at < now() - interval '90 days';"
        if rng.random() < 0.3
        else f"UPDATE public.{table} SET deleted_at = now() WHERE created_at < now() - interval '90 days';"
    )
    return (
        f"CREATE OR REPLACE FUNCTION public.purge_{table}_{n}() RETURNS void\n"
        "LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$\n"
        "BEGIN\n"
        f"  IF (SELECT count(*) FROM public.{table}) > 1000 THEN\n"
        f"    {statement}\n"
        "  END IF;\n"
        "END;\n"
        "$$;\n"
    )


BOOTSTRAP = """\
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE public.organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
ALTER TABLE public.organizations ENABLE ROW LEVEL SECURITY;
CREATE POLICY organizations_read ON public.organizations FOR SELECT USING (true);

CREATE TABLE public.workspaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES public.organizations(id),
  name text NOT NULL,
  deleted_at timestamptz
);
CREATE INDEX workspaces_organization_id_idx ON public.workspaces (organization_id);
ALTER TABLE public.workspaces ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspaces_read ON public.workspaces FOR SELECT USING (true);

CREATE TABLE public.workspace_members (
  workspace_id uuid NOT NULL REFERENCES public.workspaces(id),
  organization_id uuid NOT NULL REFERENCES public.organizations(id),
  user_id uuid NOT NULL,
  role text NOT NULL DEFAULT 'member',
  deleted_at timestamptz,
  PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX workspace_members_organization_id_idx ON public.workspace_members (organization_id);
ALTER TABLE public.workspace_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY members_read ON public.workspace_members FOR SELECT USING (user_id = auth.uid());

CREATE FUNCTION public.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
"""


def generate(out: Path, files: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    tables: list[str] = []
    for n in range(files):
        stamp = (START + datetime.timedelta(hours=n)).strftime("%Y%m%d%H%M%S")
        if n == 0:
            body, name = BOOTSTRAP, "bootstrap"
        elif not tables or rng.random() < 0.45:
            table = f"{rng.choice(ENTITIES)}s_{n}"
            parents = [t[:-1] for t in rng.sample(tables, k=min(len(tables), rng.randint(0, 2)))]
            body, name = create_table(table, parents, rng), f"create_{table}"
            tables.append(table)
        elif rng.random() < 0.7:
            table = rng.choice(tables)
            body, name = add_column(table, n, rng), f"add_column_to_{table}"
        else:
            table = rng.choice(tables)
            body, name = function(table, n, rng), f"purge_{table}"
        path = out / f"{stamp}_{name}.sql"
        path.write_text(body, encoding="utf-8")
        written.append(path)
    return written


def monorepo(root: Path, histories: int) -> list[Path]:
    """Independent services under ``root/services``, one Supabase history each, of realistic
    and varied sizes (20 to 210 files; about 2,500 files for 22 histories)."""
    sizes = random.Random(11)
    files: list[Path] = []
    for index in range(histories):
        folder = root / "services" / f"service{index:02d}" / "supabase" / "migrations"
        files.extend(generate(folder, sizes.randint(20, 210), seed=100 + index))
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    written = generate(args.out, args.files, args.seed)
    size = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} files, {size / 1024:.0f} KiB, into {args.out}")


if __name__ == "__main__":
    main()
