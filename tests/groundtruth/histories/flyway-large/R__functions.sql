CREATE OR REPLACE FUNCTION sales.recalculate_total(p_order_id BIGINT)
RETURNS NUMERIC
LANGUAGE plpgsql
AS $$
DECLARE
    v_total NUMERIC;
BEGIN
    SELECT coalesce(sum(line_total), 0) INTO v_total
    FROM sales.order_item WHERE order_id = p_order_id;
    UPDATE sales.orders SET total = v_total WHERE id = p_order_id;
    RETURN v_total;
END;
$$;

CREATE OR REPLACE FUNCTION ops.log_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ops.event_log (entity, entity_id, action, details)
    VALUES (TG_TABLE_NAME, NEW.id::text, TG_OP, to_jsonb(NEW));
    RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS trg_orders_log ON sales.orders;
CREATE TRIGGER trg_orders_log AFTER INSERT OR UPDATE ON sales.orders
    FOR EACH ROW EXECUTE FUNCTION ops.log_event();
