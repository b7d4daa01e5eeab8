-- Index clean-up: the composite index on (organization_id, stage) is enough for deals, and
-- activities are always read by deal; both single-column indexes looked unused.
drop index public.activities_organization_id_idx;
drop index public.notes_organization_id_idx;
