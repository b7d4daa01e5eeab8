ALTER TABLE sales.customer RENAME CONSTRAINT uq_customer_email TO customer_email_key;
ALTER INDEX inventory.ux_product_sku RENAME TO product_sku_key;
ALTER TABLE IF EXISTS ops.audit_event RENAME TO event_log;
ALTER INDEX ops.ix_audit_event_entity RENAME TO ix_event_log_entity;
