package com.pipelines.idempotency;

import java.util.UUID;

/** The response to send: the original one again when {@code replayed}. */
public record IdempotentResponse(int status, String body, UUID resourceId, boolean replayed) {
}
