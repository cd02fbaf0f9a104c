package com.pipelines.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit log, bound from {@code pipelines.audit.*}.
 *
 * @param retention how long an audit event is kept
 * @param purgeEvery how often events past the retention are deleted (one replica at a time, in batches)
 */
@ConfigurationProperties("pipelines.audit")
record AuditProperties(@DefaultValue("90d") Duration retention, @DefaultValue("1h") Duration purgeEvery) {
}
