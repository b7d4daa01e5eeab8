ALTER TABLE sales.order_line RENAME TO order_item;
ALTER TABLE sales.order_item RENAME CONSTRAINT pk_order_line TO pk_order_item;
ALTER TABLE sales.order_item RENAME CONSTRAINT fk_order_line_order TO fk_order_item_order;
ALTER TABLE sales.order_item RENAME CONSTRAINT fk_order_line_product TO fk_order_item_product;
ALTER INDEX sales.ix_order_line_product RENAME TO ix_order_item_product;
