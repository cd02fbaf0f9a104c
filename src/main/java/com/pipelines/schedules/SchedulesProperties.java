package com.pipelines.schedules;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Recurring runs.
 *
 * @param minInterval the shortest interval a schedule may have (and the closest two cron fires may be)
 * @param maxCatchUp  with catchUp true, at most this many missed fire times are run (the latest of them)
 * @param retryDelay  how soon a fire that failed on the service's side (the database away) is tried again
 */
@Validated
@ConfigurationProperties("pipelines.schedules")
public record SchedulesProperties(
        @NotNull @DefaultValue("1m") Duration minInterval,
        @Min(1) @Max(10_000) @DefaultValue("100") int maxCatchUp,
        @NotNull @DefaultValue("5s") Duration retryDelay) {
}
