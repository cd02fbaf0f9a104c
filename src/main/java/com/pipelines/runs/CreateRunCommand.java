package com.pipelines.runs;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/v1/runs}. */
@Schema(description = "A request to run a pipeline", example = """
        {"pipelineName": "simple-mnist-pipeline", "displayName": "mnist-linear",
         "parameterValues": {"modelType": "linear", "epochs": 3, "dataset": "fashion-mnist"},
         "enableCaching": true}""")
public record CreateRunCommand(
        @Schema(description = "Pipeline to run", defaultValue = "simple-mnist-pipeline")
        @Size(min = 1, max = 128) String pipelineName,
        @Schema(description = "Version of the pipeline to run; default its latest", example = "2")
        @Min(1) Integer pipelineVersion,
        @Schema(description = "Name shown in lists; defaults to the job id", example = "mnist-linear")
        @Size(min = 1, max = 128) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String displayName,
        @Schema(description = "Unique job id; default <pipelineName>-yyyyMMddHHmmss", example = "my-run-1")
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,127}", message = "must be 1-128 lowercase letters, digits or '-', "
                + "starting with a letter or digit") String jobId,
        @Schema(description = "Values for the pipeline's declared parameters; the rest take their defaults")
        @Size(max = 100) Map<String, Object> parameterValues,
        @Schema(description = "Reuse cached step results", defaultValue = "true") Boolean enableCaching,
        @Schema(description = "Where the run's artifacts go, as PipelineJob's pipeline_root: gs://bucket/path, or a "
                + "local folder below the server's pipeline root; default the server's pipelines.pipeline-root",
                example = "gs://my-bucket/pipeline_root")
        @Size(min = 1, max = 1000) String pipelineRoot,
        @Schema(description = "With caching on, ignore cache entries older than this ISO-8601 duration (KFP v2 has "
                + "no expiry); default: any age", example = "P7D")
        @Size(min = 2, max = 64) String cacheMaxStaleness,
        @Schema(description = "in-process: this service's workers run the steps; vertex-pipelines: the run is "
                + "compiled to a KFP PipelineSpec and submitted as a Vertex AI PipelineJob whose state, tasks, "
                + "metrics and artifacts the run mirrors (needs a gs:// pipelineRoot and deployTarget vertex)",
                defaultValue = "in-process", allowableValues = {"in-process", "vertex-pipelines"})
        @Pattern(regexp = RunExecutor.PATTERN, message = "must be in-process or vertex-pipelines") String executor,
        @Schema(description = "A KFP PipelineSpec (JSON object) to run once instead of a stored pipeline, as "
                + "PipelineJob(template_path=…); validated like an upload, errors under pipelineSpec.; the run's "
                + "pipelineVersion is 0") Map<String, Object> pipelineSpec,
        @Schema(description = "When a task fails for good: FAIL_SLOW lets the branches that do not depend on it run "
                + "to their end, then fails the run; FAIL_FAST stops the running steps and fails the run once they "
                + "have stopped (Vertex AI's PipelineJob failurePolicy)", defaultValue = "FAIL_SLOW")
        FailurePolicy failurePolicy,
        @Schema(description = "The experiment the run belongs to (it must exist and not be archived); default "
                + "'Default'", example = "lr-sweep")
        @Size(min = 1, max = 128) String experiment,
        @Schema(description = "Labels (Vertex's rules: lower-case keys and values, at most 64 each and 64 labels)",
                example = "{\"team\": \"vision\"}")
        Map<String, String> labels) {

    public static final String DEFAULT_PIPELINE = "simple-mnist-pipeline";

    public String pipelineNameOrDefault() {
        return pipelineName == null ? DEFAULT_PIPELINE : pipelineName;
    }

    public RunExecutor executorOrDefault() {
        return executor == null ? RunExecutor.IN_PROCESS : RunExecutor.fromWireName(executor);
    }

    public FailurePolicy failurePolicyOrDefault() {
        return failurePolicy == null ? FailurePolicy.FAIL_SLOW : failurePolicy;
    }

    public boolean enableCachingOrDefault() {
        return enableCaching == null || enableCaching;
    }
}
