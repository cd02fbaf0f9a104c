package com.pipelines.webhooks;

import com.pipelines.runs.RunState;
import io.swagger.v3.oas.annotations.media.Schema;

/** What a webhook can subscribe to: a run reaching one of its terminal states; a deployed model drifting. */
@Schema(enumAsRef = true, description = "A run reaching one of its terminal states, or a deployed model drifting")
enum WebhookEvent {
    RUN_SUCCEEDED, RUN_FAILED, RUN_CANCELLED, MODEL_DRIFT;

    static WebhookEvent of(RunState state) {
        return switch (state) {
            case SUCCEEDED -> RUN_SUCCEEDED;
            case FAILED -> RUN_FAILED;
            case CANCELLED -> RUN_CANCELLED;
            default -> throw new IllegalArgumentException(state + " is not a terminal state");
        };
    }

    /** The name in the payload and the X-Pipelines-Event header, e.g. {@code run.succeeded}. */
    String wireName() {
        return name().toLowerCase().replace('_', '.');
    }
}
