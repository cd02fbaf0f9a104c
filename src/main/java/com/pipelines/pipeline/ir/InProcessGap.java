package com.pipelines.pipeline.ir;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A construct of a valid PipelineSpec that the in-process engine does not run (or, for a note, does not apply): where
 * it is ({@code path}, a JSON path), what kfp calls it ({@code construct}, e.g. {@code dsl.importer}) and why.
 */
@Schema(description = "A construct of the spec the in-process executor does not run or apply")
public record InProcessGap(@Schema(example = "$.deploymentSpec.executors.exec-importer.importer") String path,
                           @Schema(example = "dsl.importer") String construct,
                           @Schema(example = "importers are not run in-process") String reason) {

    public String describe() {
        return construct + " at " + path + ": " + reason;
    }
}
