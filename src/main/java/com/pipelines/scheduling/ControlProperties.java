package com.pipelines.scheduling;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Control work: its own db-scheduler (table {@code control_tasks}) with workers of its own, and the reconciler.
 *
 * @param threads          control executions running at once on this replica (deliveries, polls, reconciler)
 * @param pollingInterval  how often the control scheduler looks for due executions written by other replicas
 * @param reconcileEvery   how often the reconciler looks for runs that lost their execution (one replica at a time)
 * @param orphanAfter      how long an unfinished run without any execution or change waits before it is failed
 * @param engineRetries    how many times an execution whose own bookkeeping failed (the database away) is tried
 *                         again before the engine gives up on it and ends its run FAILED with the reason
 */
@Validated
@ConfigurationProperties("pipelines.control")
public record ControlProperties(
        @Min(1) @Max(64) @DefaultValue("2") int threads,
        @NotNull @DefaultValue("1s") Duration pollingInterval,
        @NotNull @DefaultValue("1m") Duration reconcileEvery,
        @NotNull @DefaultValue("5m") Duration orphanAfter,
        @Min(0) @Max(100) @DefaultValue("10") int engineRetries) {
}
