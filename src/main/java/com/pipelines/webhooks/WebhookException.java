package com.pipelines.webhooks;

import java.util.UUID;

import com.pipelines.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Client errors about webhooks, rendered as RFC 9457 problem details. */
class WebhookException extends ErrorResponseException {

    private WebhookException(HttpStatus status, String type, String title, String detail, String field) {
        super(status, ApiProblem.of(status, type, title, detail, field), null);
    }

    static WebhookException notFound(UUID id) {
        return new WebhookException(HttpStatus.NOT_FOUND, "webhook-not-found", "Webhook not found",
                "No webhook with id " + id, "id");
    }

    static WebhookException invalidUrl(String why) {
        return new WebhookException(HttpStatus.BAD_REQUEST, "invalid-webhook", "Invalid webhook",
                "url: " + why, "url");
    }
}
