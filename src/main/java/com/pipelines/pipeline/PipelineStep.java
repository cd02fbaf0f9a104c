package com.pipelines.pipeline;

import java.util.List;
import java.util.Map;

/**
 * One step of a pipeline. Implementations are beans, found by {@link #name()}. A step must be safe to run twice:
 * it writes its outputs where {@link StepContext#outputPath} says and records them by name, so a re-run
 * overwrites rather than duplicates.
 */
public interface PipelineStep {

    String name();

    default String description() {
        return "";
    }

    /** Artifacts this step reads from the steps before it. */
    default List<ArtifactSpec> inputs() {
        return List.of();
    }

    /** Artifacts this step records. */
    default List<ArtifactSpec> outputs() {
        return List.of();
    }

    /** Output parameters (name → type) the step records with {@link StepContext#outputParameter}. */
    default Map<String, ParameterType> outputParameters() {
        return Map.of();
    }

    /**
     * The parameters of a component no built-in pipeline uses (its own declaration); a step of a built-in pipeline
     * leaves this empty and takes its declarations from the pipeline.
     */
    default List<ParameterSpec> parameterSpecs() {
        return List.of();
    }

    /** The pipeline parameters this step reads; empty means all of them (the component's input parameters). */
    default List<String> parameters() {
        return List.of();
    }

    /**
     * Part of the cache key: change it when the step's code or the configuration that shapes its outputs
     * changes, so that older cache entries stop matching.
     */
    default String version() {
        return "1";
    }

    /** Whether a run with caching enabled may reuse an earlier identical execution instead of running this step. */
    default boolean cacheable() {
        return true;
    }

    /** The verb of the command-line mode that runs this step as a pipeline component container. */
    default String command() {
        return name();
    }

    /** Parameter values the command-line mode assumes when the caller gives none (before the pipeline's defaults). */
    default Map<String, Object> commandLineDefaults() {
        return Map.of();
    }

    /**
     * Digests of the data the step reads from outside the run (a dataset's files), by name, for its cache key: the
     * same parameters over other data must not reuse old outputs. Empty for a step that reads nothing outside.
     */
    default Map<String, String> dataDigests(Map<String, Object> parameters) throws Exception {
        return Map.of();
    }

    void execute(StepContext context) throws Exception;
}
