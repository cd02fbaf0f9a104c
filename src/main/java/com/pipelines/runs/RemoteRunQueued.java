package com.pipelines.runs;

import java.time.Instant;
import java.util.UUID;

/**
 * A run with an external executor is due to be submitted (or resubmitted by a retry). Published inside the
 * transaction that queued it, so that its polling job is scheduled atomically with it.
 */
public record RemoteRunQueued(UUID runId, Instant executeAt) {
}
