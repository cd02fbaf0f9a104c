package com.pipelines;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the service, bound from {@code pipelines.*}.
 *
 * @param dataDir        where the embedded database, datasets and artifacts live by default
 * @param pipelineRoot   root of the artifact tree {@code <root>/<pipeline>/<runId>/<task>/<artifact>}: a local
 *                       folder, {@code s3://bucket/prefix} or {@code gs://bucket/prefix} (a string, not a
 *                       {@code Path}: Spring would turn an unknown scheme into a servlet resource)
 * @param allowedPipelineRoots further roots a run's {@code pipelineRoot} may lie below: local folders,
 *                       {@code s3://bucket/prefix} or {@code gs://bucket/prefix}
 * @param project        default {@code project} parameter of runs (the seed's PROJECT_ID)
 * @param region         default {@code region} parameter of runs (the seed's REGION)
 * @param componentImage the image a compiled pipeline (KFP spec) runs its components in: this service's
 * @param workers        how many steps run at once on this replica
 * @param maxAttempts    how many times a failing step is tried before its run fails
 * @param retryBackoff   delay before the second attempt; doubled for each further attempt
 * @param maxRequestSize the largest request body accepted by the management API, in bytes
 * @param maxPredictRequestSize the largest prediction request body accepted, in bytes
 * @param idempotencyKeyTtl how long an Idempotency-Key of a run submission is remembered
 * @param stepTimeout    how long one attempt of a step may run before it is stopped and fails "timed out"
 * @param stepNiceness   the Linux nice value of the threads that run steps and TensorFlow's compute threads (0-19;
 *                       0 leaves them as they are), so that HTTP requests are served first while a model trains
 */
@Validated
@ConfigurationProperties("pipelines")
public record PipelinesProperties(
        @NotNull @DefaultValue("data") Path dataDir,
        String pipelineRoot,
        List<String> allowedPipelineRoots,
        @NotNull @DefaultValue("local-project") String project,
        @NotNull @DefaultValue("us-central1") String region,
        @NotNull @DefaultValue("pipelines-service:latest") String componentImage,
        @Min(1) @Max(64) @DefaultValue("1") int workers,
        @Min(1) @Max(20) @DefaultValue("3") int maxAttempts,
        @NotNull @DefaultValue("2s") Duration retryBackoff,
        @Min(1024) @DefaultValue("1048576") long maxRequestSize,
        @Min(1024) @DefaultValue("33554432") long maxPredictRequestSize,
        @NotNull @DefaultValue("24h") Duration idempotencyKeyTtl,
        @Min(0) @Max(19) @DefaultValue("10") int stepNiceness,
        @NotNull @DefaultValue("24h") Duration stepTimeout) {

    public List<String> allowedPipelineRootsOrEmpty() {
        return allowedPipelineRoots == null ? List.of() : allowedPipelineRoots;
    }

    /** The configured root as given, or the local default below the data folder. */
    public String serverPipelineRoot() {
        return pipelineRoot != null && !pipelineRoot.isBlank() ? pipelineRoot.trim()
                : dataDir.resolve("pipeline_root").toAbsolutePath().normalize().toString();
    }

    /**
     * The local folder artifacts are written to: the root itself when it is a local folder; otherwise (an object
     * store) the folder where steps stage their outputs before upload and inputs are copied to.
     */
    public Path resolvedPipelineRoot() {
        String root = serverPipelineRoot();
        return (hasScheme(root) ? dataDir.resolve("pipeline_root") : Path.of(root)).toAbsolutePath().normalize();
    }

    /** True for a root written as a uri ({@code s3://…}, {@code gs://…}, or a scheme the service does not know). */
    public static boolean hasScheme(String root) {
        return root.matches("[A-Za-z][A-Za-z0-9+.-]+:.*");
    }
}
