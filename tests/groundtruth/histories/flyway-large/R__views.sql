CREATE OR REPLACE VIEW sales.v_order_summary AS
SELECT o.id,
       o.order_number,
       c.first_name || ' ' || c.last_name AS customer_name,
       o.status,
       o.total,
       count(i.line_no) AS items
FROM sales.orders o
LEFT JOIN sales.customer c ON c.id = o.customer_id
LEFT JOIN sales.order_item i ON i.order_id = o.id
GROUP BY o.id, c.first_name, c.last_name;
