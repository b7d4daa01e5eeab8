CREATE TYPE sales.segment AS ENUM ('retail', 'wholesale', 'partner');

ALTER TABLE sales.customer
    ADD COLUMN segment sales.segment NOT NULL DEFAULT 'retail',
    ADD COLUMN credit_limit NUMERIC(12, 2) CHECK (credit_limit >= 0);

ALTER TYPE sales.segment ADD VALUE IF NOT EXISTS 'internal' AFTER 'partner';

COMMENT ON COLUMN sales.customer.segment IS 'Pricing segment; drives discounts.';
