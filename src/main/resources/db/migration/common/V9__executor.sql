-- Where a run executes: in this service's workers, or as a Vertex AI PipelineJob it mirrors (external_job names it).
ALTER TABLE pipeline_run ADD COLUMN executor VARCHAR(32) DEFAULT 'in-process' NOT NULL;
ALTER TABLE pipeline_run ADD COLUMN external_job VARCHAR(512);
