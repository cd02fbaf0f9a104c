-- Webhooks: URLs told (signed) when a run reaches a terminal state, and the log of every delivery.
CREATE TABLE webhook (
    id          UUID PRIMARY KEY,
    url         VARCHAR(2048) NOT NULL,
    secret      VARCHAR(256)  NOT NULL,
    events      VARCHAR(256)  NOT NULL,
    description VARCHAR(256),
    create_time TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE webhook_delivery (
    id                UUID PRIMARY KEY,
    webhook_id        UUID         NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    run_id            UUID         NOT NULL,
    event             VARCHAR(32)  NOT NULL,
    payload           VARCHAR(4000) NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    attempts          INT          NOT NULL,
    response_code     INT,
    error             VARCHAR(1024),
    create_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_attempt_time TIMESTAMP WITH TIME ZONE,
    next_attempt_time TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_webhook_delivery_webhook ON webhook_delivery (webhook_id, create_time);
