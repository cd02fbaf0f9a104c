package com.pipelines.runs;

import java.time.Instant;
import java.util.UUID;

/** Who created a run: a schedule, for one of its fire times. */
public record RunOrigin(UUID scheduleId, Instant scheduledTime) {
}
