CREATE TABLE audit_log (
  id BIGINT NOT NULL AUTO_INCREMENT,
  account_id INT UNSIGNED NULL,
  action VARCHAR(32) NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT audit_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE=InnoDB;
