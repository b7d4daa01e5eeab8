CREATE INDEX IF NOT EXISTS audit_log_account_action ON audit_log (account_id, action);
CREATE INDEX audit_log_recent ON audit_log (id) WHERE action <> 'login';
