package com.pipelines.webhooks;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A registered receiver: its URL, the secret its events are signed with, the events it wants. */
@Entity
@Table(name = "webhook")
class Webhook {

    @Id
    private UUID id;

    @Column(nullable = false, length = 2048)
    private String url;

    /** Sealed by {@link WebhookSecrets}: never in clear. */
    @Column(nullable = false, length = 512)
    private String secret;

    @Column(nullable = false, length = 256)
    private String events;

    @Column(length = 256)
    private String description;

    @Column(name = "create_time", nullable = false)
    private Instant createTime;

    protected Webhook() {
    }

    Webhook(String url, String sealedSecret, Set<WebhookEvent> events, String description, Instant now) {
        this.id = UUID.randomUUID();
        this.url = url;
        this.secret = sealedSecret;
        this.events = events.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
        this.description = description;
        this.createTime = now;
    }

    UUID id() {
        return id;
    }

    String url() {
        return url;
    }

    String sealedSecret() {
        return secret;
    }

    Set<WebhookEvent> events() {
        return Arrays.stream(events.split(",")).map(WebhookEvent::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(WebhookEvent.class)));
    }

    String description() {
        return description;
    }

    Instant createTime() {
        return createTime;
    }
}
