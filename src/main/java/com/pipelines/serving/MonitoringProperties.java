package com.pipelines.serving;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of model monitoring, bound from {@code pipelines.monitoring.*}.
 *
 * @param interval     how often monitored endpoints are judged for drift (one replica at a time)
 * @param logRetention how long sampled requests and responses are kept
 * @param logQueue     sampled predictions waiting to be written; past it they are dropped (and counted), never
 *                     slowing a prediction down
 */
@Validated
@ConfigurationProperties("pipelines.monitoring")
record MonitoringProperties(@DefaultValue("10s") Duration interval,
                            @DefaultValue("7d") Duration logRetention,
                            @Min(100) @Max(10_000_000) @DefaultValue("10000") int logQueue) {
}
