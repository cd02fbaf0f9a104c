package com.pipelines.artifacts;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Object-store pipeline roots ({@code s3://}, {@code gs://}). Credentials are never settings: they come from the
 * SDKs' default chains (environment, profile files, instance or workload identity).
 *
 * @param uploadParallelism objects of one artifact uploaded or downloaded at once
 * @param cachedArtifacts   object-store artifacts kept as local copies (models being served, inputs of steps);
 *                          the least recently used is deleted beyond this many
 * @param s3                the S3 client
 */
@Validated
@ConfigurationProperties("pipelines.storage")
public record StorageProperties(@DefaultValue("8") @Min(1) @Max(64) int uploadParallelism,
                                @DefaultValue("16") @Min(1) @Max(10_000) int cachedArtifacts,
                                @DefaultValue S3 s3) {

    /**
     * @param endpoint        e.g. {@code http://minio:9000}; default: the SDK's own resolution (which honours
     *                        {@code AWS_ENDPOINT_URL_S3})
     * @param pathStyleAccess {@code http://host/bucket/key} instead of {@code http://bucket.host/key} (MinIO, s3rver)
     * @param region          default: the SDK's chain ({@code AWS_REGION}, profile)
     * @param chunkedEncoding aws-chunked uploads; turn off for stores that do not decode it (they would store the
     *                        framing as content)
     */
    public record S3(String endpoint, @DefaultValue("false") boolean pathStyleAccess, String region,
                     @DefaultValue("true") boolean chunkedEncoding) {
    }
}
