package com.pipelines.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One delivery attempt: POST the stored payload, signed, to the webhook's URL. A 2xx answer delivers it; anything
 * else (another status, a timeout, a refused connection) is logged on the delivery and retried with exponential
 * backoff until {@code max-attempts}, then the delivery is FAILED. A target that {@link WebhookTargets} refuses
 * (its name now resolves to an internal address) fails the delivery at once, without sending.
 */
@Component
class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final WebhookRepository webhooks;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookDispatcher dispatcher;
    private final HttpClient http;
    private final WebhookProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final WebhookSecrets secrets;
    private final WebhookTargets targets;

    WebhookSender(WebhookRepository webhooks, WebhookDeliveryRepository deliveries, @Lazy WebhookDispatcher dispatcher,
                  HttpClient webhookHttpClient, WebhookProperties properties, TransactionTemplate transaction,
                  Clock clock, WebhookSecrets secrets, WebhookTargets targets) {
        this.secrets = secrets;
        this.targets = targets;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.http = webhookHttpClient;
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
    }

    void attempt(DeliveryJob job) {
        WebhookDelivery delivery = deliveries.findById(job.deliveryId()).orElse(null);
        if (delivery == null || delivery.attempts() >= job.attempt()) {
            return;
        }
        Webhook webhook = webhooks.findById(delivery.webhookId()).orElse(null);
        if (webhook == null) {
            return;
        }
        URI target = URI.create(webhook.url());
        Optional<String> refused = targets.refusal(target);
        if (refused.isPresent()) {
            record(job, null, "refused: " + refused.get(), false);
            return;
        }
        Integer code = null;
        String error = null;
        try {
            long now = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(target)
                    .timeout(properties.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "pipelines-service-webhooks/1")
                    .header("X-Pipelines-Event", delivery.event().wireName())
                    .header("X-Pipelines-Delivery", delivery.id().toString())
                    .header(WebhookSignature.HEADER, WebhookSignature.header(secrets.open(webhook.sealedSecret()), now,
                            delivery.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.payload()))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            code = response.statusCode();
            if (code / 100 != 2) {
                error = "HTTP " + code;
            }
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        record(job, code, error, true);
    }

    /** The engine gave up on this attempt's execution (the database kept failing): the delivery ends FAILED. */
    void giveUp(DeliveryJob job, String reason) {
        record(job, null, reason, false);
    }

    private void record(DeliveryJob job, Integer code, String error, boolean retryable) {
        transaction.executeWithoutResult(status -> {
            WebhookDelivery delivery = deliveries.findById(job.deliveryId()).orElseThrow();
            Instant now = clock.instant();
            if (error == null) {
                delivery.delivered(code, now);
                return;
            }
            boolean more = retryable && job.attempt() < properties.maxAttempts();
            Instant retryAt = more ? now.plus(properties.initialBackoff()
                    .multipliedBy(1L << Math.min(job.attempt() - 1, 16))) : null;
            delivery.failed(code, error, now, retryAt);
            log.info("Webhook delivery {} attempt {} failed: {}{}", delivery.id(), job.attempt(), error,
                    more ? "; retrying at " + retryAt : "; giving up");
            if (more) {
                dispatcher.schedule(new DeliveryJob(job.deliveryId(), job.attempt() + 1), retryAt);
            }
        });
    }
}
