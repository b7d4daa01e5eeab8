ALTER TABLE audit_log ADD INDEX audit_log_account_action (account_id, action);
