package com.pipelines.runs;

import java.time.Instant;
import java.util.UUID;

/**
 * A task is due to run (first attempt or a retry). Published inside the transaction that queued it, so that the
 * execution engine schedules it atomically with the state change. {@code continuesRun} is true for a run already
 * under way (its next step, or a retry after a failed or interrupted attempt): the engine gives those precedence
 * over runs not yet started, so that a run, once started, is not queued behind every run submitted after it.
 */
public record TaskQueued(UUID runId, String task, int attempt, Instant executeAt, boolean continuesRun) {

    static TaskQueued startingRun(UUID runId, String task, int attempt, Instant executeAt) {
        return new TaskQueued(runId, task, attempt, executeAt, false);
    }

    static TaskQueued continuingRun(UUID runId, String task, int attempt, Instant executeAt) {
        return new TaskQueued(runId, task, attempt, executeAt, true);
    }
}
