-- Idempotency-Key on POST /api/v1/runs (IETF httpapi draft): one row per key, the run it created, its response.
CREATE TABLE idempotency_key (
    idempotency_key VARCHAR(255)  PRIMARY KEY,
    request_hash    VARCHAR(64)   NOT NULL,
    run_id          UUID          NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    response_status INT,
    response_body   VARCHAR(100000),
    create_time     TIMESTAMP WITH TIME ZONE NOT NULL,
    expire_time     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_idempotency_key_expire ON idempotency_key (expire_time);
