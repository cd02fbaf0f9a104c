-- Experiments (a run belongs to one; 'Default' when none is named, as KFP), labels on runs, schedules and
-- experiments (Vertex's rules), archived runs (out of the default list, still searchable).
create table experiment (
    name           varchar(128)             primary key,
    description    varchar(1024),
    labels         varchar(8000),
    archived       boolean                  not null,
    created_by_key varchar(128),
    create_time    timestamp with time zone not null
);
insert into experiment (name, description, archived, create_time)
values ('Default', 'Runs started without naming an experiment', false, current_timestamp);

alter table pipeline_run add column experiment varchar(128) default 'Default' not null;
alter table pipeline_run add column archived boolean default false not null;
create index ix_pipeline_run_experiment on pipeline_run (experiment, create_time);

create table run_label (
    run_id      uuid        not null references pipeline_run (id) on delete cascade,
    label_key   varchar(64) not null,
    label_value varchar(64) not null,
    primary key (run_id, label_key)
);
create index ix_run_label_key on run_label (label_key, label_value);

alter table schedule add column experiment varchar(128);
alter table schedule add column labels varchar(8000);
