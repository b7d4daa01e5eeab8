SET search_path TO app;
DELETE FROM workspaces;
DROP TABLE workspaces;
DROP TABLE organizations;
DROP SCHEMA app;
