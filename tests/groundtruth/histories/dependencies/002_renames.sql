-- Renamed columns: indexes, policies and generated columns follow.
alter table projects rename column title to name;
alter table projects rename column score to points;
alter table line_items rename column quantity to qty;
alter table notes rename column body to content;
alter table notes rename column hidden to is_hidden;
