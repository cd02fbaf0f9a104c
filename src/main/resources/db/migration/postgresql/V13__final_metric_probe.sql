-- A metric condition in a filter (metrics.acc > 99) is an EXISTS probe per candidate run: with run id, key and
-- value in one partial index of final metrics the probe is one index-only descent that rejects most runs without
-- touching the table (measured: the combined metric + parameter page at 100,000 runs, 25 ms → 15 ms).
CREATE INDEX ix_run_metric_final ON run_metric (run_id, metric_key, numeric_value) WHERE step IS NULL;
