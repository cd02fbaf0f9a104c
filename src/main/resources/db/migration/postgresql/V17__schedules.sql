-- Recurring runs: schedules, one row per fire time (the guard against a second run for the same time), and the
-- schedule and fire time a run was created for.
create table schedule (
    id               uuid primary key,
    display_name     varchar(128)             not null,
    pipeline_name    varchar(128)             not null,
    pipeline_version integer,
    parameter_values text not null,
    enable_caching   boolean                  not null,
    cron             varchar(256),
    interval_seconds bigint,
    time_zone        varchar(64)              not null,
    start_time       timestamp with time zone,
    end_time         timestamp with time zone,
    max_run_count    integer,
    max_concurrency  integer                  not null,
    when_busy        varchar(8)               not null,
    catch_up         boolean                  not null,
    state            varchar(16)              not null,
    next_fire_time   timestamp with time zone,
    run_count        integer                  not null,
    create_time      timestamp with time zone not null,
    update_time      timestamp with time zone not null,
    version          bigint                   not null
);
create index ix_schedule_state on schedule (state, create_time desc);

create table schedule_fire (
    schedule_id    uuid                     not null references schedule (id) on delete cascade,
    scheduled_time timestamp with time zone not null,
    fire_time      timestamp with time zone not null,
    run_id         uuid,
    outcome        varchar(16)              not null,
    reason         varchar(1024),
    primary key (schedule_id, scheduled_time)
);

alter table pipeline_run add column schedule_id uuid;
alter table pipeline_run add column scheduled_time timestamp with time zone;
create index ix_pipeline_run_schedule on pipeline_run (schedule_id, create_time desc);
