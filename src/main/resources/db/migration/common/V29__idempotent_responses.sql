-- Idempotency-Key on every create request other than runs (which keep idempotency_key, with the run id chosen up
-- front): the key (scoped by method and path in the hash), its request's hash, and the response to replay.
create table idempotent_response (
    idempotency_key varchar(255)             primary key,
    request_hash    varchar(64)              not null,
    done            boolean                  not null,
    status          integer,
    content_type    varchar(255),
    location        varchar(2048),
    body            varchar(100000),
    create_time     timestamp with time zone not null,
    expire_time     timestamp with time zone not null
);
create index ix_idempotent_response_expire on idempotent_response (expire_time);
