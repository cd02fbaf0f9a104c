package com.pipelines.webhooks;

import java.util.UUID;

/** One attempt to deliver one event: a db-scheduler execution {@code <deliveryId>.<attempt>}. */
record DeliveryJob(UUID deliveryId, int attempt) {

    String instanceId() {
        return deliveryId + "." + attempt;
    }
}
