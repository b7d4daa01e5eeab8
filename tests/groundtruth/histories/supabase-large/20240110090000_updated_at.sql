alter table public.projects add column updated_at timestamptz not null default now();

create trigger handle_updated_at before update on public.profiles
  for each row execute procedure extensions.moddatetime (updated_at);

create trigger handle_updated_at before update on public.projects
  for each row execute procedure extensions.moddatetime (updated_at);
