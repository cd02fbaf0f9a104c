-- Lists are ordered newest first with the id as tie-breaker, both descending: an index in exactly that order lets a
-- page be read from the index without sorting.
CREATE INDEX ix_pipeline_run_newest ON pipeline_run (create_time DESC, id DESC);
