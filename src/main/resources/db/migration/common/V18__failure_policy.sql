-- Vertex AI's failure policy of a run, and the failure that is ending it while its other steps finish or stop.
ALTER TABLE pipeline_run ADD COLUMN failure_policy VARCHAR(16) DEFAULT 'FAIL_SLOW' NOT NULL;
ALTER TABLE pipeline_run ADD COLUMN failure VARCHAR(4000);
