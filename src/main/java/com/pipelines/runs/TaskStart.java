package com.pipelines.runs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pipelines.pipeline.RecordedArtifact;

/**
 * What the engine needs to run a task once {@link RunTransitions#startTask} let it start: the step that executes it
 * ({@code component}), its resolved input parameters and the artifacts wired to its inputs, by input name;
 * {@code cacheKey} the spec's own cache key (kfp's {@code cachingOptions.cacheKey}) or null; {@code timeout} how
 * long an attempt may run before it is stopped; {@code inputArtifactLists} the List[Artifact] inputs (a loop's
 * artifacts, dsl.Collected); {@code createdBy} the API key that started the run (null without keys), which what the
 * step creates (an endpoint) is recorded under.
 */
public record TaskStart(UUID runId, String pipelineName, String task, String component, int attempt,
                        Map<String, Object> parameters, Map<String, RecordedArtifact> inputArtifacts,
                        String pipelineRoot, boolean enableCaching, Duration cacheMaxStaleness, String cacheKey,
                        Duration timeout, Map<String, List<RecordedArtifact>> inputArtifactLists, String createdBy) {

    /** The same start with the inputs as the step's checks left them (defaults filled in). */
    public TaskStart withParameters(Map<String, Object> checked) {
        return new TaskStart(runId, pipelineName, task, component, attempt, checked, inputArtifacts, pipelineRoot,
                enableCaching, cacheMaxStaleness, cacheKey, timeout, inputArtifactLists, createdBy);
    }
}
