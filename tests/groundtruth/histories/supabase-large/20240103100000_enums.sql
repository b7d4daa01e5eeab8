create type public.org_role as enum ('owner', 'admin', 'member');
create type public.task_status as enum ('todo', 'in_progress', 'done');
create type billing.subscription_status as enum (
  'trialing', 'active', 'past_due', 'canceled', 'incomplete'
);
