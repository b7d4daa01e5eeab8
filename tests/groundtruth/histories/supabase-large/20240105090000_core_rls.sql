alter table public.organizations enable row level security;
alter table public.profiles enable row level security;
alter table public.members enable row level security;

create policy "Public profiles are viewable by everyone."
  on public.profiles for select
  using (true);

create policy "Users can insert their own profile."
  on public.profiles for insert
  with check ((select auth.uid()) = id);

create policy "Users can update own profile."
  on public.profiles for update
  using ((select auth.uid()) = id);

create policy "Members can view their organizations"
  on public.organizations for select
  to authenticated
  using (private.is_org_member(id));

create policy "Owners can update their organizations"
  on public.organizations for update
  to authenticated
  using (private.has_org_role(id, 'owner'))
  with check (private.has_org_role(id, 'owner'));

create policy "Members can view co-members"
  on public.members for select
  to authenticated
  using (private.is_org_member(org_id));
