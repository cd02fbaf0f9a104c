package com.pipelines.pipeline;

import java.util.UUID;

import com.pipelines.pipeline.ir.PipelineGraph;

/** The pipeline version a run executes: a built-in (version 1, no id) or an uploaded version. */
public record PipelineSelection(String name, UUID versionId, int version, PipelineGraph graph) {

    public boolean builtIn() {
        return versionId == null;
    }
}
