ALTER TABLE sessions ADD UNIQUE KEY sessions_token (token), ADD COLUMN expires_at DATETIME NOT NULL;
ALTER TABLE sessions DROP FOREIGN KEY sessions_ibfk_1;
