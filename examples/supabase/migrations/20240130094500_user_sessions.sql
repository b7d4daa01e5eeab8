-- Short-lived cache of active sessions, for the "who is online" indicator.

CREATE TABLE public.user_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  -- schemalint-ignore SL107: a token hash is random and looked up across all workspaces
  token_hash text NOT NULL UNIQUE,
  user_agent text,
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX user_sessions_user_id_idx ON public.user_sessions (user_id);
CREATE INDEX user_sessions_workspace_id_idx ON public.user_sessions (workspace_id);
CREATE INDEX user_sessions_expires_at_idx ON public.user_sessions (expires_at);
