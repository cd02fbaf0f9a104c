package com.pipelines.pipeline;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "One version of a pipeline; built-in pipelines have one read-only version")
public record PipelineVersionView(@Schema(example = "compare-and-deploy") String pipelineName,
                                  @Schema(example = "1") int version, String description,
                                  @Schema(description = "SHA-256 of the stored spec (canonical JSON)") String specSha256,
                                  Instant createTime, boolean builtIn) {

    static PipelineVersionView builtIn(PipelineDefinition pipeline) {
        return new PipelineVersionView(pipeline.name(), 1, pipeline.description(), null, null, true);
    }
}
