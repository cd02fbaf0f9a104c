-- The local model registry and endpoints (deploy target 'local'), shaped like Vertex AI's resources.
create table registered_model (
    id             varchar(32)              primary key,
    project        varchar(64)              not null,
    region         varchar(64)              not null,
    display_name   varchar(128)             not null,
    version_id     integer                  not null,
    artifact_uri   varchar(2048)            not null,
    serving_image  varchar(256)             not null,
    run_id         uuid,
    create_time    timestamp with time zone not null,
    constraint uk_registered_model_version unique (project, region, display_name, version_id)
);
create index ix_registered_model_run on registered_model (run_id);

create table endpoint (
    id           varchar(32)              primary key,
    project      varchar(64)              not null,
    region       varchar(64)              not null,
    display_name varchar(128)             not null,
    run_id       uuid,
    create_time  timestamp with time zone not null,
    version      bigint                   not null
);
create index ix_endpoint_run on endpoint (run_id);

create table deployed_model (
    id                 varchar(32)              primary key,
    endpoint_id        varchar(32)              not null references endpoint (id) on delete cascade,
    model_id           varchar(32)              not null references registered_model (id),
    traffic_percentage integer                  not null,
    machine_type       varchar(64)              not null,
    min_replica_count  integer                  not null,
    max_replica_count  integer                  not null,
    run_id             uuid,
    create_time        timestamp with time zone not null
);
create index ix_deployed_model_endpoint on deployed_model (endpoint_id);
