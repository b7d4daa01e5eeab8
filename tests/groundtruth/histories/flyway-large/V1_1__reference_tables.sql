SET search_path TO sales, public;

CREATE TABLE currency (
    code        CHAR(3)      NOT NULL,
    name        VARCHAR(64)  NOT NULL,
    minor_units SMALLINT     NOT NULL DEFAULT 2,
    CONSTRAINT pk_currency PRIMARY KEY (code)
);

INSERT INTO currency (code, name, minor_units) VALUES
    ('EUR', 'Euro', 2),
    ('USD', 'US Dollar', 2),
    ('JPY', 'Yen', 0);
