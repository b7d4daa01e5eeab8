-- Indexes reading a dropped column go without CASCADE (expression, WHERE, INCLUDE).
alter table projects drop column name cascade;   -- own_title reads it: needs CASCADE
alter table projects drop column archived_at cascade;
alter table projects drop column points cascade;
-- A generated column computed from a dropped column goes with CASCADE, its index with it.
alter table line_items drop column unit_price cascade;
alter table line_items drop column qty cascade;
-- An index reading only dropped-by-nothing columns stays; a plain column drop.
alter table projects drop column tags;
