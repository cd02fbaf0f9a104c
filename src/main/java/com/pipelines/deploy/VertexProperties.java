package com.pipelines.deploy;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How target {@code vertex} talks to Vertex AI, bound from {@code pipelines.vertex.*}.
 *
 * @param apiEndpoint      host:port of the API; {@code {region}} is replaced by the run's region
 * @param operationTimeout how long a long-running operation (upload, create endpoint, deploy) is awaited
 * @param pollInterval     first delay between polls of a long-running operation (it grows to 30 s)
 * @param initialBackoff   first delay before retrying a call that failed with UNAVAILABLE or DEADLINE_EXCEEDED
 * @param maxBackoff       longest delay between such retries
 * @param maxAttempts      attempts of one call, the first included
 * @param callTimeout      deadline of one call attempt
 */
@Validated
@ConfigurationProperties("pipelines.vertex")
public record VertexProperties(
        @NotBlank @DefaultValue("{region}-aiplatform.googleapis.com:443") String apiEndpoint,
        @NotNull @DefaultValue("30m") Duration operationTimeout,
        @NotNull @DefaultValue("5s") Duration pollInterval,
        @NotNull @DefaultValue("1s") Duration initialBackoff,
        @NotNull @DefaultValue("32s") Duration maxBackoff,
        @Min(1) @Max(20) @DefaultValue("5") int maxAttempts,
        @NotNull @DefaultValue("60s") Duration callTimeout) {

    public String endpointFor(String region) {
        return apiEndpoint.replace("{region}", region);
    }
}
