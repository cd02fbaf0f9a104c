-- Model monitoring per endpoint (as Vertex's): the share of predictions sampled, the window compared with the
-- training statistics, and the drift thresholds; webhook deliveries of events that concern no run (model drift).
create table endpoint_monitoring (
    endpoint_id           varchar(32)      primary key references endpoint (id) on delete cascade,
    sampling_rate         double precision not null,
    window_size           integer          not null,
    numeric_threshold     double precision not null,
    categorical_threshold double precision not null,
    update_time           timestamp with time zone not null
);
alter table webhook_delivery alter column run_id drop not null;
