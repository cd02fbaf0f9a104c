-- Where a run's artifacts go: a local folder or gs://bucket/path (PipelineJob's pipeline_root).
ALTER TABLE pipeline_run ADD COLUMN pipeline_root VARCHAR(1024);
