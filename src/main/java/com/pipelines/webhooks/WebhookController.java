package com.pipelines.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.pipelines.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Webhooks", description = "Signed HTTP callbacks when runs succeed, fail or are cancelled, with a "
        + "delivery log. The body is JSON {id, type, time, data: {runId, pipelineName, state, durationSeconds, run}}; "
        + "header X-Pipelines-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\" with the secret>.")
@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
class WebhookController {

    private final WebhookRepository webhooks;
    private final WebhookDeliveryRepository deliveries;
    private final Clock clock;
    private final WebhookSecrets secrets;
    private final WebhookTargets targets;
    private final Callers callers;

    WebhookController(WebhookRepository webhooks, WebhookDeliveryRepository deliveries, Clock clock,
                      WebhookSecrets secrets, WebhookTargets targets, Callers callers) {
        this.secrets = secrets;
        this.targets = targets;
        this.callers = callers;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    @Schema(description = "A webhook to register", example = """
            {"url": "https://ci.example.com/hooks/pipelines", "secret": "a-long-random-shared-secret",
             "events": ["RUN_SUCCEEDED", "RUN_FAILED"], "description": "notify CI"}""")
    record CreateWebhookCommand(
            @NotBlank @Size(max = 2048) String url,
            @Schema(description = "Shared secret for the HMAC signature; never shown again")
            @NotBlank @Size(min = 16, max = 256) String secret,
            @Schema(description = "Default: the three run events (MODEL_DRIFT only when asked for)") @Size(min = 1, max = 4)
            Set<WebhookEvent> events,
            @Size(max = 256) String description) {
    }

    @Schema(description = "A webhook; a caller without a WRITE key sees only the scheme and host of its url "
            + "(receivers often carry a token in the path or query)")
    record WebhookView(UUID id, @Schema(example = "https://ci.example.com") String url, Set<WebhookEvent> events,
                       String description, Instant createTime) {

        static WebhookView of(Webhook webhook, boolean fullUrl) {
            return new WebhookView(webhook.id(), fullUrl ? webhook.url() : origin(webhook.url()), webhook.events(),
                    webhook.description(), webhook.createTime());
        }

        private static String origin(String url) {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        }
    }

    record WebhookList(List<WebhookView> webhooks, int page, int size, long totalElements, int totalPages) {
    }

    @Schema(description = "One event and how its delivery went; status PENDING, RETRYING, DELIVERED or FAILED")
    record DeliveryView(UUID id, UUID runId, WebhookEvent event, WebhookDelivery.Status status, int attempts,
                        Integer responseCode, String error, Instant createTime, Instant lastAttemptTime,
                        Instant nextAttemptTime) {

        static DeliveryView of(WebhookDelivery d) {
            return new DeliveryView(d.id(), d.runId(), d.event(), d.status(), d.attempts(), d.responseCode(),
                    d.error(), d.createTime(), d.lastAttemptTime(), d.nextAttemptTime());
        }
    }

    record DeliveryList(List<DeliveryView> deliveries) {
    }

    @Operation(operationId = "createWebhook", summary = "Register a webhook")
    @ApiResponse(responseCode = "201", description = "Registered; the secret is not echoed")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<WebhookView> create(@Valid @RequestBody CreateWebhookCommand command) {
        checkUrl(command.url()); // resolves the host: outside any transaction, so no connection waits on DNS
        Set<WebhookEvent> events = command.events() == null ? EnumSet.of(WebhookEvent.RUN_SUCCEEDED,
                WebhookEvent.RUN_FAILED, WebhookEvent.RUN_CANCELLED)
                : EnumSet.copyOf(command.events());
        Webhook webhook = webhooks.save(new Webhook(command.url(), secrets.seal(command.secret()), events,
                command.description(), clock.instant()));
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + webhook.id()))
                .body(WebhookView.of(webhook, true));
    }

    @Operation(operationId = "listWebhooks", summary = "List webhooks, newest first, a page at a time")
    @GetMapping
    @Transactional(readOnly = true)
    WebhookList list(@RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                     @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        boolean fullUrls = callers.mayWrite();
        Page<Webhook> found = webhooks.findAll(PageRequest.of(page, size,
                Sort.by(Sort.Order.desc("createTime"), Sort.Order.desc("id"))));
        return new WebhookList(found.stream().map(w -> WebhookView.of(w, fullUrls)).toList(), page, size,
                found.getTotalElements(), found.getTotalPages());
    }

    @Operation(operationId = "getWebhook", summary = "Show a webhook")
    @GetMapping("/{id}")
    @Transactional(readOnly = true)
    WebhookView get(@PathVariable UUID id) {
        return WebhookView.of(webhooks.findById(id).orElseThrow(() -> WebhookException.notFound(id)),
                callers.mayWrite());
    }

    @Operation(operationId = "listWebhookDeliveries", summary = "A webhook's delivery log, newest first")
    @GetMapping("/{id}/deliveries")
    @Transactional(readOnly = true)
    DeliveryList deliveries(@PathVariable UUID id,
                            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        webhooks.findById(id).orElseThrow(() -> WebhookException.notFound(id));
        return new DeliveryList(deliveries.findByWebhookIdOrderByCreateTimeDesc(id, Limit.of(limit)).stream()
                .map(DeliveryView::of).toList());
    }

    @Operation(operationId = "deleteWebhook", summary = "Delete a webhook and its delivery log")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        webhooks.delete(webhooks.findById(id).orElseThrow(() -> WebhookException.notFound(id)));
        return ResponseEntity.noContent().build();
    }

    private void checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw WebhookException.invalidUrl("must be an http or https URL");
            }
            if (uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
                throw WebhookException.invalidUrl("must have a host, and no user info or fragment");
            }
        } catch (URISyntaxException e) {
            throw WebhookException.invalidUrl("is not a URL: " + e.getReason());
        }
        targets.refusal(uri).ifPresent(why -> {
            throw WebhookException.invalidUrl(why);
        });
    }
}
