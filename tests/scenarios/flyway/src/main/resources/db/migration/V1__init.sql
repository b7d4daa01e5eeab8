-- Flyway V1: tenancy. Applied by the ${app_name} service at start-up.
CREATE TABLE organizations (
    id          BIGSERIAL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    deleted_at  TIMESTAMP WITH TIME ZONE
);

CREATE TABLE workspaces (
    id               BIGSERIAL PRIMARY KEY,
    organization_id  BIGINT NOT NULL,
    name             VARCHAR(200) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    deleted_at       TIMESTAMP WITH TIME ZONE,
    CONSTRAINT fk_workspaces_organization FOREIGN KEY (organization_id)
        REFERENCES organizations (id)
);
CREATE INDEX idx_workspaces_organization ON workspaces (organization_id);

COMMENT ON TABLE workspaces IS 'Created by ${app_name}';
