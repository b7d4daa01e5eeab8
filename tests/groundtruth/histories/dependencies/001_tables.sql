-- Objects that read columns: expression, partial and INCLUDE indexes, policies, generated columns.
create table projects (
  id int primary key,
  workspace_id int not null,
  title text not null,
  archived_at timestamptz,
  score int,
  tags text[]
);
create index projects_lower_title on projects (lower(title));
create index projects_live on projects (workspace_id) where archived_at is null;
create index projects_covering on projects (workspace_id) include (score);
create index projects_sum on projects ((workspace_id + score));
create index projects_plain on projects (id);

create table members (workspace_id int not null, user_name text not null);

alter table projects enable row level security;
create policy live_projects on projects for select using (archived_at is null);
create policy scored on projects for update using (score > 0) with check (score < 100);
create policy member_projects on projects for select
  using (exists (select 1 from members m where m.workspace_id = projects.workspace_id));
-- Unqualified inside a sub-select without FROM: the policy's own column.
create policy own_title on projects for insert with check ((select length(title) > 0));
-- Unqualified inside a sub-select over members: bound to members.user_name, not a column here.
create policy named on projects for delete
  using (exists (select 1 from members where user_name = current_user));
-- members has no `id`: the unqualified `id` is the policy table's.
create policy by_id on projects for select
  using (exists (select 1 from members m where m.workspace_id = id));

create table line_items (
  id int primary key,
  quantity int not null,
  unit_price numeric(10, 2) not null,
  total numeric(12, 2) generated always as (quantity * unit_price) stored,
  doubled int generated always as (line_items.quantity * 2) stored,
  fixed int generated always as (1) stored
);
create index line_items_total on line_items (total);

-- Only renamed later: what reads the columns must follow the new names.
create table notes (
  id int primary key,
  body text not null,
  hidden boolean not null default false,
  words int generated always as (length(body)) stored
);
create index notes_lower_body on notes (lower(body)) where not hidden;
alter table notes enable row level security;
create policy visible_notes on notes for select using (not hidden and notes.body <> '');
