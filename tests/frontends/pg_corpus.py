"""A generator of typical Supabase/Prisma migration SQL, for the frontend's speed check.

``python tests/frontends/pg_corpus.py`` prints the parse speed of ~1 MB of it.
"""

from __future__ import annotations

import time

_MIGRATION = """-- Migration {n}: projects for workspace {n} (ébauche ✓)
CREATE TABLE IF NOT EXISTS public.projects_{n} (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES public.organizations(id) ON DELETE CASCADE,
    workspace_id uuid NOT NULL,
    title varchar(255) NOT NULL,
    description text,
    status project_status NOT NULL DEFAULT 'draft',
    tags text[] DEFAULT '{{}}',
    budget numeric(12, 2),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    created_by uuid REFERENCES auth.users(id),
    CONSTRAINT projects_{n}_workspace_fkey FOREIGN KEY (workspace_id)
        REFERENCES public.workspaces (id) ON DELETE CASCADE,
    CONSTRAINT projects_{n}_title_check CHECK (char_length(title) > 0)
);

CREATE INDEX IF NOT EXISTS idx_projects_{n}_org ON public.projects_{n} (organization_id);
CREATE INDEX idx_projects_{n}_status ON public.projects_{n} (status) WHERE deleted_at IS NULL;
ALTER TABLE public.projects_{n} ENABLE ROW LEVEL SECURITY;

CREATE POLICY "Members can view projects {n}" ON public.projects_{n}
    FOR SELECT TO authenticated
    USING (organization_id IN (
        SELECT organization_id FROM public.members WHERE user_id = auth.uid()));

CREATE POLICY "Admins manage projects {n}" ON public.projects_{n}
    FOR ALL TO authenticated
    USING (public.is_admin(organization_id))
    WITH CHECK (public.is_admin(organization_id));

CREATE OR REPLACE FUNCTION public.touch_projects_{n}()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    NEW.updated_at := now();
    IF NEW.deleted_at IS NOT NULL THEN
        UPDATE public.audit_log SET seen = true WHERE row_id = NEW.id;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER projects_{n}_touch BEFORE UPDATE ON public.projects_{n}
    FOR EACH ROW EXECUTE FUNCTION public.touch_projects_{n}();

ALTER TABLE public.projects_{n} ADD COLUMN archived boolean NOT NULL DEFAULT false,
    ADD COLUMN owner_id uuid;
ALTER TABLE "Projects{n}" ADD CONSTRAINT "Projects{n}_ownerId_fkey" FOREIGN KEY ("ownerId")
    REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE UNIQUE INDEX "Projects{n}_slug_key" ON "Projects{n}"("slug");
UPDATE public.projects_{n} SET archived = false WHERE archived IS NULL;
INSERT INTO public.project_templates (name, body) VALUES
    ('Template {n}a', 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.'),
    ('Template {n}b', 'Sed do eiusmod tempor incididunt ut labore et dolore magna.'),
    ('Template {n}c', 'Ut enim ad minim veniam, quis nostrud exercitation ullamco.');
GRANT SELECT, INSERT, UPDATE ON public.projects_{n} TO authenticated;
COMMENT ON TABLE public.projects_{n} IS 'Projects of a workspace';
DELETE FROM public.sessions_{n} s WHERE s.expires_at < now();

"""


def corpus(size: int = 1_000_000) -> str:
    """About ``size`` characters of migration SQL."""
    parts: list[str] = []
    total = 0
    n = 0
    while total < size:
        part = _MIGRATION.format(n=n)
        parts.append(part)
        total += len(part)
        n += 1
    return "".join(parts)


def main() -> None:
    from schemalint.frontends.postgres import frontend as postgres
    from schemalint.source import SourceFile

    text = corpus()
    source = SourceFile("corpus.sql", text)
    megabytes = len(text.encode()) / 1e6
    best = min(_timed(postgres.parse, source) for _ in range(3))
    count = len(postgres.parse(source))
    print(f"{megabytes:.2f} MB, {count} statements, {best:.3f} s, {megabytes / best:.2f} MB/s")


def _timed(parse: object, source: object) -> float:
    start = time.perf_counter()
    parse(source)  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
