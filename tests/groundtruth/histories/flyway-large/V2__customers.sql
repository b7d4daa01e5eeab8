SET search_path TO sales, public;

CREATE TABLE customer (
    id          BIGSERIAL    NOT NULL,
    fname       VARCHAR(100) NOT NULL,
    lname       VARCHAR(100) NOT NULL,
    email       VARCHAR(255) NOT NULL,
    phone       VARCHAR(32),
    created_on  TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_customer PRIMARY KEY (id)
);

CREATE TABLE customer_address (
    id          BIGSERIAL    NOT NULL,
    customer_id BIGINT       NOT NULL,
    line1       VARCHAR(200) NOT NULL,
    line2       VARCHAR(200),
    city        VARCHAR(100) NOT NULL,
    postcode    VARCHAR(20),
    country     CHAR(2)      NOT NULL,
    CONSTRAINT pk_customer_address PRIMARY KEY (id),
    CONSTRAINT fk_customer_address_customer FOREIGN KEY (customer_id)
        REFERENCES customer (id) ON DELETE CASCADE
);
