-- The model registry: a version's description, labels and lineage (run, task, dataset, parameters, evaluation);
-- version aliases (an alias names at most one version of a model: the primary key); deployments that follow an alias.
alter table registered_model add column description varchar(1024);
alter table registered_model add column labels varchar(8000);
alter table registered_model add column lineage varchar(100000);

create table model_alias (
    project      varchar(64)  not null,
    region       varchar(64)  not null,
    display_name varchar(128) not null,
    alias        varchar(64)  not null,
    model_id     varchar(32)  not null references registered_model (id),
    primary key (project, region, display_name, alias)
);
create index ix_model_alias_model on model_alias (model_id);

alter table deployed_model add column alias varchar(64);
