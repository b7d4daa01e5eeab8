create policy organizations_read on public.organizations
  for select to authenticated
  using (id = (select private.current_org_id()));

create policy organization_members_read on public.organization_members
  for select to authenticated
  using (organization_id = (select private.current_org_id()));

-- Owners manage membership; written with the raw claims setting.
create policy organization_members_owner on public.organization_members
  for update to authenticated
  using (
    organization_id = (current_setting('request.jwt.claims', true)::jsonb
      -> 'app_metadata' ->> 'organization_id')::uuid
    and (select auth.jwt() -> 'app_metadata' ->> 'org_role') = 'owner'
  );
