package com.pipelines.webhooks;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One event for one webhook, with how its delivery went: the delivery log. */
@Entity
@Table(name = "webhook_delivery")
class WebhookDelivery {

    enum Status { PENDING, RETRYING, DELIVERED, FAILED }

    @Id
    private UUID id;

    @Column(name = "webhook_id", nullable = false)
    private UUID webhookId;

    @Column(name = "run_id", nullable = false)
    private UUID runId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    private WebhookEvent event;

    @Column(nullable = false, length = 4000)
    private String payload;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Status status;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "response_code")
    private Integer responseCode;

    @Column(length = 1024)
    private String error;

    @Column(name = "create_time", nullable = false)
    private Instant createTime;

    @Column(name = "last_attempt_time")
    private Instant lastAttemptTime;

    @Column(name = "next_attempt_time")
    private Instant nextAttemptTime;

    protected WebhookDelivery() {
    }

    WebhookDelivery(UUID id, UUID webhookId, UUID runId, WebhookEvent event, String payload, Instant now) {
        this.id = id;
        this.webhookId = webhookId;
        this.runId = runId;
        this.event = event;
        this.payload = payload;
        this.status = Status.PENDING;
        this.createTime = now;
        this.nextAttemptTime = now;
    }

    void delivered(int code, Instant now) {
        attempts++;
        status = Status.DELIVERED;
        responseCode = code;
        error = null;
        lastAttemptTime = now;
        nextAttemptTime = null;
    }

    /** A failed attempt; {@code retryAt} null when no attempt is left. */
    void failed(Integer code, String why, Instant now, Instant retryAt) {
        attempts++;
        status = retryAt == null ? Status.FAILED : Status.RETRYING;
        responseCode = code;
        error = why != null && why.length() > 1024 ? why.substring(0, 1024) : why;
        lastAttemptTime = now;
        nextAttemptTime = retryAt;
    }

    UUID id() {
        return id;
    }

    UUID webhookId() {
        return webhookId;
    }

    UUID runId() {
        return runId;
    }

    WebhookEvent event() {
        return event;
    }

    String payload() {
        return payload;
    }

    Status status() {
        return status;
    }

    int attempts() {
        return attempts;
    }

    Integer responseCode() {
        return responseCode;
    }

    String error() {
        return error;
    }

    Instant createTime() {
        return createTime;
    }

    Instant lastAttemptTime() {
        return lastAttemptTime;
    }

    Instant nextAttemptTime() {
        return nextAttemptTime;
    }
}
