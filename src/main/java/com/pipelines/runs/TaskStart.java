package com.pipelines.runs;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.pipelines.pipeline.RecordedArtifact;

/**
 * What the engine needs to run a task once {@link RunTransitions#startTask} let it start: the step that executes it
 * ({@code component}), its resolved input parameters and the artifacts wired to its inputs, by input name.
 */
public record TaskStart(UUID runId, String pipelineName, String task, String component, int attempt,
                        Map<String, Object> parameters, Map<String, RecordedArtifact> inputArtifacts,
                        String pipelineRoot, boolean enableCaching, Duration cacheMaxStaleness) {
}
