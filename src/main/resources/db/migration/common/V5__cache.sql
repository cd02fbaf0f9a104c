-- Step caching: the key a task ran under, the run whose outputs a SKIPPED task reused, the run's staleness limit.
ALTER TABLE task_run ADD COLUMN cache_key VARCHAR(64);
ALTER TABLE task_run ADD COLUMN cached_from_run UUID;
CREATE INDEX ix_task_run_cache_key ON task_run (cache_key, end_time);
ALTER TABLE pipeline_run ADD COLUMN cache_max_staleness_seconds BIGINT;
