package com.pipelines.runs;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** What the engine needs to run a task once {@link RunTransitions#startTask} let it start. */
public record TaskStart(UUID runId, String pipelineName, String task, int attempt, Map<String, Object> parameters,
                        String pipelineRoot, boolean enableCaching, Duration cacheMaxStaleness) {
}
