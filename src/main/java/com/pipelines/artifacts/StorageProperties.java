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
 * @param localCopiesMaxBytes the local copies of object-store artifacts (models being served, inputs of steps) this
 *                          replica keeps; past it the least recently used copy nobody reads is deleted (a copy in
 *                          use stays until released, even past it)
 * @param s3                the S3 client
 */
@Validated
@ConfigurationProperties("pipelines.storage")
public record StorageProperties(@DefaultValue("8") @Min(1) @Max(64) int uploadParallelism,
                                @DefaultValue("10GB") org.springframework.util.unit.DataSize localCopiesMaxBytes,
                                @DefaultValue S3 s3) {

    /**
     * @param endpoint        e.g. {@code http://minio:9000}; default: the SDK's own resolution (which honours
     *                        {@code AWS_ENDPOINT_URL_S3})
     * @param pathStyleAccess {@code http://host/bucket/key} instead of {@code http://bucket.host/key} (MinIO, s3rver)
     * @param region          default: the SDK's chain ({@code AWS_REGION}, profile)
     * @param chunkedEncoding aws-chunked uploads; turn off for stores that do not decode it (they would store the
     *                        framing as content)
     * @param multipartThreshold files larger than this are uploaded in parts (S3 multipart upload), streamed from
     *                        disk part by part
     * @param partSize        the size of those parts (S3's minimum is 5 MB)
     */
    public record S3(String endpoint, @DefaultValue("false") boolean pathStyleAccess, String region,
                     @DefaultValue("true") boolean chunkedEncoding,
                     @DefaultValue("64MB") org.springframework.util.unit.DataSize multipartThreshold,
                     @DefaultValue("16MB") org.springframework.util.unit.DataSize partSize) {

        public S3 {
            if (multipartThreshold == null) {
                multipartThreshold = org.springframework.util.unit.DataSize.ofMegabytes(64);
            }
            if (partSize == null || partSize.toBytes() < 5L * 1024 * 1024) {
                partSize = org.springframework.util.unit.DataSize.ofMegabytes(partSize == null ? 16 : 5);
            }
        }
    }
}
