package com.pipelines.idempotency;

import com.pipelines.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Client errors about an Idempotency-Key, rendered as RFC 9457 problem details naming the header. */
public class IdempotencyException extends ErrorResponseException {

    private IdempotencyException(HttpStatus status, String type, String title, String detail) {
        super(status, ApiProblem.of(status, type, title, detail, IdempotentRequests.HEADER), null);
    }

    static IdempotencyException malformed() {
        return new IdempotencyException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                IdempotentRequests.HEADER + ": must be 1 to 255 visible ASCII characters");
    }

    static IdempotencyException reused(String key) {
        return new IdempotencyException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                "Idempotency-Key reused with another request", "Idempotency-Key '" + key + "' was used with a "
                        + "different request body; use a new key for a new request");
    }

    static IdempotencyException inFlight(String key) {
        return new IdempotencyException(HttpStatus.CONFLICT, "idempotency-key-in-flight", "Request still in progress",
                "A request with Idempotency-Key '" + key + "' is still being processed; retry shortly");
    }
}
