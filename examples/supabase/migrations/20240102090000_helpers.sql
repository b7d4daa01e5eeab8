-- Shared building blocks: enum types and the trigger that keeps updated_at current.

CREATE TYPE public.workspace_role AS ENUM ('owner', 'admin', 'member');
CREATE TYPE public.challenge_status AS ENUM ('draft', 'open', 'judging', 'closed');
CREATE TYPE public.submission_status AS ENUM ('draft', 'submitted', 'withdrawn');

CREATE FUNCTION public.set_updated_at()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
