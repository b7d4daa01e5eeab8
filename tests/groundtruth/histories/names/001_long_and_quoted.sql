CREATE TABLE a_very_long_table_name_that_goes_on_and_on_for_quite_a_while_yes (
  a_very_long_column_name_that_also_goes_on_and_on_for_a_while int PRIMARY KEY,
  other_long_column_name_for_the_unique_constraint_here int UNIQUE,
  ref int REFERENCES a_very_long_table_name_that_goes_on_and_on_for_quite_a_while_yes
);

CREATE TABLE "Mixed Case" (
  "Id" int,
  "Value" text,
  CONSTRAINT "Mixed Case_pkey" PRIMARY KEY ("Id")
);
ALTER TABLE "Mixed Case" ADD UNIQUE ("Value");
ALTER TABLE "Mixed Case" ADD UNIQUE ("Value");
CREATE INDEX ON "Mixed Case" ("Value", "Value");

CREATE TABLE t (id int PRIMARY KEY UNIQUE, a int UNIQUE, b int, UNIQUE (a));
ALTER TABLE t ADD CHECK (a > 0), ADD CHECK (a > 1);
ALTER TABLE t ADD FOREIGN KEY (b) REFERENCES t, ADD FOREIGN KEY (b) REFERENCES t (id);
CREATE INDEX ON t ((a + b));
CREATE INDEX ON t (abs(a));
ALTER TABLE t DROP CONSTRAINT t_pkey CASCADE;
