CREATE TABLE ops.job_run (
    job_name    VARCHAR(100) NOT NULL,
    started_at  TIMESTAMPTZ  NOT NULL,
    finished_at TIMESTAMPTZ,
    ok          BOOLEAN
);

CREATE UNIQUE INDEX job_run_pk_idx ON ops.job_run (job_name, started_at);
ALTER TABLE ops.job_run ADD CONSTRAINT pk_job_run PRIMARY KEY USING INDEX job_run_pk_idx;
