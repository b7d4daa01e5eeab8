CREATE TABLE public.audit_event (
    id          BIGSERIAL   PRIMARY KEY,
    entity      VARCHAR(64) NOT NULL,
    entity_id   VARCHAR(64) NOT NULL,
    action      VARCHAR(16) NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    details     JSONB
);

CREATE INDEX ix_audit_event_entity ON public.audit_event (entity, entity_id);
