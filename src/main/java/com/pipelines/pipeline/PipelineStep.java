package com.pipelines.pipeline;

import java.util.List;

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

    /** The pipeline parameters this step reads; empty means all of them (the component's input parameters). */
    default List<String> parameters() {
        return List.of();
    }

    /** The verb of the command-line mode that runs this step as a pipeline component container. */
    default String command() {
        return name();
    }

    void execute(StepContext context) throws Exception;
}
