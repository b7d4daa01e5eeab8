ALTER TABLE public.audit_event SET SCHEMA ops;
ALTER SEQUENCE IF EXISTS public.audit_event_id_seq SET SCHEMA ops;
