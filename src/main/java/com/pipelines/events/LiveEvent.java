package com.pipelines.events;

import java.time.Instant;
import java.util.UUID;

/** One event of the stream: its id (for Last-Event-ID), type, the run and experiment it concerns, its JSON. */
record LiveEvent(long id, String type, UUID runId, String experiment, String payload, Instant time) {

    boolean matches(EventFilter filter) {
        return (filter.runId() == null || filter.runId().equals(runId))
                && (filter.experiment() == null || filter.experiment().equals(experiment))
                && (filter.type() == null || type.startsWith(filter.type()));
    }

    /** What a client asked for: one run, one experiment, a type or a type prefix ("run.", "task.state"). */
    record EventFilter(UUID runId, String experiment, String type) {
    }
}
