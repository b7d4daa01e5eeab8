alter table public.submissions enable row level security;
