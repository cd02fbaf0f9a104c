package com.pipelines.runs;

import java.time.Duration;
import java.util.UUID;

/** A run reached a terminal state. */
public record RunFinished(UUID runId, String pipelineName, RunState state, Duration duration) {
}
