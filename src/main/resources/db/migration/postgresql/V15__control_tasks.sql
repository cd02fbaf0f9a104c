-- Control work (webhook deliveries, Vertex job polls, the reconciler, purges) runs on a db-scheduler of its own,
-- with workers of its own, so that it never waits behind a training. Same layout as scheduled_tasks.
create table control_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index control_execution_time_idx on control_tasks (execution_time);
create index control_last_heartbeat_idx on control_tasks (last_heartbeat);
create index control_priority_execution_time_idx on control_tasks (priority desc, execution_time asc);

-- Control executions already queued move over, unpicked, so that the control scheduler takes them up.
insert into control_tasks (task_name, task_instance, task_data, execution_time, picked, picked_by, last_success,
                           last_failure, consecutive_failures, last_heartbeat, version, priority)
select task_name, task_instance, task_data, execution_time, false, null, last_success, last_failure,
       consecutive_failures, null, version, priority
from scheduled_tasks
where task_name in ('webhook-delivery', 'vertex-pipeline-job');
delete from scheduled_tasks where task_name in ('webhook-delivery', 'vertex-pipeline-job', 'idempotency-key-purge');
