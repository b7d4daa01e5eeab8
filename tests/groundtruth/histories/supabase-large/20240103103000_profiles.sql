create table public.profiles (
  id uuid not null references auth.users on delete cascade,
  username text unique,
  full_name text,
  avatar_url text,
  updated_at timestamptz,

  primary key (id),
  constraint username_length check (char_length(username) >= 3)
);

create function public.handle_new_user()
returns trigger
language plpgsql
security definer set search_path = ''
as $$
begin
  insert into public.profiles (id, full_name, avatar_url)
  values (new.id, new.raw_user_meta_data ->> 'full_name', new.raw_user_meta_data ->> 'avatar_url');
  return new;
end;
$$;

-- The platform's auth.users has raw_user_meta_data; the stub in tests may not, so the
-- trigger only references it inside the function body (checked at call time).
create trigger on_auth_user_created
  after insert on auth.users
  for each row execute procedure public.handle_new_user();
