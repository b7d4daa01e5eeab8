ALTER TABLE audit_log RENAME TO audit_events;
TRUNCATE TABLE sessions;
