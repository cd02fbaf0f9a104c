-- Executions are now polled in priority order (runs under way first). Rows written before without a priority get
-- db-scheduler's default (MEDIUM), so that an upgrade leaves them in their place in the queue instead of last.
UPDATE scheduled_tasks SET priority = 50 WHERE priority IS NULL;
