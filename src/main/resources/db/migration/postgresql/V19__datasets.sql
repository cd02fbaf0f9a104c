-- Datasets as versioned resources: one row per registered version (its content digest, preparation options,
-- schema and statistics, where its compact form is stored), and which runs read which version.
create table dataset_version (
    id          uuid primary key,
    name        varchar(128)             not null,
    version     integer                  not null,
    format      varchar(32)              not null,
    kind        varchar(16)              not null,
    sha256      varchar(64)              not null,
    digest      varchar(64)              not null,
    source      varchar(2048)            not null,
    description varchar(1024),
    options     varchar(4000)            not null,
    schema_json text not null,
    statistics  text not null,
    storage_uri varchar(2048)            not null,
    row_count   bigint                   not null,
    bytes       bigint                   not null,
    create_time timestamp with time zone not null,
    constraint uk_dataset_version unique (name, version),
    constraint uk_dataset_digest unique (name, digest)
);

create table dataset_usage (
    version_id uuid not null references dataset_version (id),
    run_id     uuid not null,
    task_name  varchar(128) not null,
    primary key (version_id, run_id, task_name)
);
create index ix_dataset_usage_run on dataset_usage (run_id);
