-- Batch prediction jobs (Vertex AI's BatchPredictionJob): durable on the step workers, output written in chunks,
-- each chunk once (a resumed job re-writes the chunk it was in, under the same name).
create table batch_prediction_job (
    id              uuid primary key,
    display_name    varchar(128)             not null,
    model_id        varchar(32)              not null,
    model_reference varchar(300)             not null,
    state           varchar(32)              not null,
    instances_format varchar(16)             not null,
    input_uris      varchar(8000)            not null,
    output_prefix   varchar(2048)            not null,
    chunk_lines     integer                  not null,
    chunks_done     integer                  not null,
    lines_done      bigint                   not null,
    error_lines     bigint                   not null,
    total_lines     bigint,
    error           varchar(4000),
    create_time     timestamp with time zone not null,
    start_time      timestamp with time zone,
    end_time        timestamp with time zone,
    update_time     timestamp with time zone not null
);
create index ix_batch_prediction_job_state on batch_prediction_job (state, create_time);
