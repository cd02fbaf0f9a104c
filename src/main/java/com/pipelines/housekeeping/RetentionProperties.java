package com.pipelines.housekeeping;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Retention, bound from {@code pipelines.retention.*}; runs are kept for ever unless a rule says otherwise.
 *
 * @param maxAge            finished runs older than this are deleted (every pipeline; null: off)
 * @param keepLast          only the newest N finished runs of each pipeline are kept (null: off)
 * @param pipelines         per pipeline name, rules that replace the two above
 * @param webhookDeliveries how long webhook deliveries are kept
 * @param scheduleFires     how long schedules' fire records are kept
 * @param interval          how often the retention pass runs (one replica at a time)
 * @param batchSize         runs deleted per pass at most (bounded work, no long lock)
 */
@Validated
@ConfigurationProperties("pipelines.retention")
record RetentionProperties(Duration maxAge,
                           @Min(1) Integer keepLast,
                           Map<String, Rule> pipelines,
                           @DefaultValue("30d") Duration webhookDeliveries,
                           @DefaultValue("90d") Duration scheduleFires,
                           @DefaultValue("10m") Duration interval,
                           @Min(1) @Max(10_000) @DefaultValue("200") int batchSize) {

    RetentionProperties {
        pipelines = pipelines == null ? Map.of() : Map.copyOf(pipelines);
    }

    record Rule(Duration maxAge, @Min(1) Integer keepLast) {
    }

    /** The rule for one pipeline: its own, or the defaults. */
    Rule ruleFor(String pipeline) {
        return pipelines.getOrDefault(pipeline, new Rule(maxAge, keepLast));
    }
}
