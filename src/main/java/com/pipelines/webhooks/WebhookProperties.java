package com.pipelines.webhooks;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Webhook delivery, bound from {@code pipelines.webhooks.*}.
 *
 * @param maxAttempts    deliveries tried per event before it is marked FAILED
 * @param initialBackoff delay before the second attempt, doubled for each further one
 * @param timeout        connect and response timeout of one attempt
 * @param secretKey      base64 of the 32-byte AES key sealing the stored secrets; default a key file in the data
 *                       folder
 * @param allowedHosts   hosts (names or addresses, as written in webhook URLs) that may be targets although they
 *                       are or resolve to loopback, private or link-local addresses, e.g. an internal CI server
 */
@Validated
@ConfigurationProperties("pipelines.webhooks")
record WebhookProperties(
        @Min(1) @Max(20) @DefaultValue("6") int maxAttempts,
        @NotNull @DefaultValue("10s") Duration initialBackoff,
        @NotNull @DefaultValue("10s") Duration timeout,
        String secretKey,
        @DefaultValue List<String> allowedHosts) {
}
