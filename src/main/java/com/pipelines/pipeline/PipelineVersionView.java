package com.pipelines.pipeline;

import java.time.Instant;
import java.util.List;

import com.pipelines.pipeline.ir.InProcessGap;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "One version of a pipeline; built-in pipelines have one read-only version")
public record PipelineVersionView(@Schema(example = "compare-and-deploy") String pipelineName,
                                  @Schema(example = "1") int version, String description,
                                  @Schema(description = "SHA-256 of the stored spec (canonical JSON)") String specSha256,
                                  Instant createTime, boolean builtIn,
                                  @Schema(description = "Whether the in-process executor runs it; when false, "
                                          + "notRunnableInProcess says what it does not run (executor "
                                          + "vertex-pipelines runs the stored spec)") boolean runnableInProcess,
                                  @Schema(description = "Constructs the in-process executor does not run, with "
                                          + "their JSON paths and kfp names")
                                  List<InProcessGap> notRunnableInProcess,
                                  @Schema(description = "Configuration an in-process run does not apply (the "
                                          + "kfp-kubernetes platform document, a defaultPipelineRoot)")
                                  List<InProcessGap> notAppliedInProcess,
                                  @Schema(description = "The API key that uploaded it; absent without keys and for "
                                          + "built-ins") String createdBy) {

    static PipelineVersionView builtIn(PipelineDefinition pipeline) {
        return new PipelineVersionView(pipeline.name(), 1, pipeline.description(), null, null, true, true,
                List.of(), List.of(), null);
    }
}
