package com.pipelines.runs;

import java.time.Instant;
import java.util.UUID;

/**
 * A task is due to run (first attempt or a retry). Published inside the transaction that queued it, so that the
 * execution engine schedules it atomically with the state change.
 */
public record TaskQueued(UUID runId, String task, int attempt, Instant executeAt) {
}
