package com.pipelines.serving;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of local serving, bound from {@code pipelines.serving.*}.
 *
 * @param maxInstances    the most instances one predict request may carry
 * @param maxLoadedModels the most SavedModels kept loaded at once; others are loaded again when next used
 * @param predictTimeout  the longest a request waits for its prediction before it is answered 503
 * @param intraOpThreads  TensorFlow threads one prediction call may use; 1 runs each call wholly on the batching
 *                        thread, which under load leaves the other cores to the requests instead of to TensorFlow
 *                        threads spinning for work
 */
@Validated
@ConfigurationProperties("pipelines.serving")
record ServingProperties(@Min(1) @Max(100_000) @DefaultValue("1000") int maxInstances,
                         @Min(1) @Max(10_000) @DefaultValue("64") int maxLoadedModels,
                         @NotNull @DefaultValue("30s") Duration predictTimeout,
                         @Min(1) @Max(64) @DefaultValue("1") int intraOpThreads) {
}
