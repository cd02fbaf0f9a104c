package com.pipelines.schedules;

import java.time.Instant;
import java.util.UUID;

/** A schedule fired for {@code scheduledTime}: published inside the transaction that created the run. */
public record ScheduleFired(UUID scheduleId, Instant scheduledTime, UUID runId, Instant fireTime) {
}
