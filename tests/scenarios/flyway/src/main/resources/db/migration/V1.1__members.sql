CREATE TABLE workspace_members (
    workspace_id  BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_email    VARCHAR(320) NOT NULL,
    role          VARCHAR(20) NOT NULL DEFAULT 'MEMBER',
    deleted_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_workspace_members PRIMARY KEY (workspace_id, user_email),
    CONSTRAINT ck_workspace_members_role CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER'))
);
