-- Pipelines as data: uploaded PipelineSpec versions, runs that name the version they ran, tasks of a DAG
-- (their component, enclosing sub-DAG, resolved inputs, whether queued) and the output parameters tasks record.
create table pipeline_version (
    id            uuid primary key,
    pipeline_name varchar(128)             not null,
    version       integer                  not null,
    description   varchar(1024),
    spec          varchar(1000000) not null,
    spec_sha256   varchar(64)              not null,
    create_time   timestamp with time zone not null,
    constraint uk_pipeline_version unique (pipeline_name, version)
);

alter table pipeline_run add column pipeline_version integer;
alter table pipeline_run add column pipeline_version_id uuid references pipeline_version (id);

alter table task_run alter column name set data type varchar(128);
alter table task_run add column component varchar(128);
alter table task_run add column parent varchar(128);
alter table task_run add column inputs varchar(1000000);
alter table task_run add column queued boolean default false not null;
alter table run_metric alter column task_name set data type varchar(128);
alter table run_artifact alter column task_name set data type varchar(128);
alter table task_log alter column task_name set data type varchar(128);

create table task_output_parameter (
    run_id     uuid         not null references pipeline_run (id) on delete cascade,
    task_name  varchar(128) not null,
    name       varchar(128) not null,
    value_json varchar(1000000) not null,
    primary key (run_id, task_name, name)
);
