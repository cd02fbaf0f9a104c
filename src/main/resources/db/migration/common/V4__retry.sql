-- Retry from the failed step: attempts numbered before the latest retry do not count against max-attempts.
ALTER TABLE task_run ADD COLUMN attempts_before_retry INT DEFAULT 0 NOT NULL;
