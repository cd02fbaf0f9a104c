-- "contains" searches (displayName:"fashion", ?displayName=) are LIKE '%...%' on lower(display_name): a trigram
-- index answers them without reading every run. pg_trgm is a trusted extension in PostgreSQL 13+ (a database owner
-- may create it) and ships with PostgreSQL's standard contrib modules.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX ix_pipeline_run_display_name_trgm ON pipeline_run USING gin (lower(display_name) gin_trgm_ops);
