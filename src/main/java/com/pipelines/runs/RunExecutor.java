package com.pipelines.runs;

import java.util.Arrays;

/** Where a run's steps execute. */
public enum RunExecutor {
    /** This service's own db-scheduler workers. */
    IN_PROCESS("in-process"),
    /** A Vertex AI PipelineJob compiled from the pipeline; the run mirrors its state, tasks, metrics and artifacts. */
    VERTEX_PIPELINES("vertex-pipelines");

    public static final String PATTERN = "in-process|vertex-pipelines";

    private final String wireName;

    RunExecutor(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static RunExecutor fromWireName(String name) {
        return Arrays.stream(values()).filter(e -> e.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown executor " + name));
    }
}
