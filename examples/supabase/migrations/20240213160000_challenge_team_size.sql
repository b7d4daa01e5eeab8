-- Team challenges: a maximum team size and a registration deadline.

ALTER TABLE public.challenges ADD COLUMN max_team_size integer NOT NULL;

ALTER TABLE public.challenges ADD COLUMN registration_closes_at timestamptz;

UPDATE public.challenges
SET registration_closes_at = coalesce(opens_at, created_at)
WHERE registration_closes_at IS NULL;

ALTER TABLE public.challenges ALTER COLUMN registration_closes_at SET NOT NULL;
