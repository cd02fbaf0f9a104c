package com.pipelines.runs;

import java.time.Instant;
import java.util.UUID;

/** Who created a run: a schedule, for one of its fire times, on behalf of the key that created the schedule. */
public record RunOrigin(UUID scheduleId, Instant scheduledTime, String createdBy) {
}
