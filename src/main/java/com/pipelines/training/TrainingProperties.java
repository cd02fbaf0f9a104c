package com.pipelines.training;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the training step, bound from {@code pipelines.training.*}.
 *
 * @param datasetsDir     where datasets are looked for first and downloaded to ({@code <data-dir>/datasets})
 * @param systemDatasets  read-only folders looked in next (Debian's dataset packages install there)
 * @param mirrors         base URL to download each dataset's IDX files from (defaults in application.properties)
 * @param download        whether to download at all
 * @param downloadTimeout per file
 * @param unroll          train steps chained in one TensorFlow call
 * @param intraOpThreads  TensorFlow intra-op threads (1 keeps results bit-for-bit reproducible)
 * @param interOpThreads  TensorFlow inter-op threads
 */
@Validated
@ConfigurationProperties("pipelines.training")
public record TrainingProperties(
        Path datasetsDir,
        @DefaultValue("/usr/share/datasets") List<Path> systemDatasets,
        Map<String, URI> mirrors,
        @DefaultValue("true") boolean download,
        @DefaultValue("120s") Duration downloadTimeout,
        @Min(1) @Max(200) @DefaultValue("10") int unroll,
        @Min(0) @Max(64) @DefaultValue("1") int intraOpThreads,
        @Min(0) @Max(64) @DefaultValue("1") int interOpThreads) {

    public TrainingProperties {
        mirrors = mirrors == null ? Map.of() : Map.copyOf(mirrors);
    }
}
