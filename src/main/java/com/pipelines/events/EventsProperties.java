package com.pipelines.events;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Live events, bound from {@code pipelines.events.*}.
 *
 * @param window     how long events are kept for clients resuming with Last-Event-ID
 * @param heartbeat  how often an idle stream gets a comment line (proxies keep it open; dead clients are noticed)
 * @param maxClients connected streams per replica at most; past it a new one is refused with 503
 */
@Validated
@ConfigurationProperties("pipelines.events")
record EventsProperties(@DefaultValue("1h") Duration window,
                        @DefaultValue("15s") Duration heartbeat,
                        @Min(1) @Max(1_000_000) @DefaultValue("10000") int maxClients) {
}
