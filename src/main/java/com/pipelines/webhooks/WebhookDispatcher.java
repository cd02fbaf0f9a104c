package com.pipelines.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.pipelines.scheduling.ControlScheduler;
import com.pipelines.runs.RunFinished;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * When a run finishes, writes one delivery per subscribed webhook and its first db-scheduler execution in the
 * transaction that finished the run; schedules later attempts. Deliveries are short, so they are scheduled at high
 * priority: a free worker sends them before it starts a queued training.
 */
@Component
class WebhookDispatcher {

    private final WebhookRepository webhooks;
    private final WebhookDeliveryRepository deliveries;
    private static final TaskDescriptor<DeliveryJob> DELIVERY = TaskDescriptor.of(
            WebhookConfiguration.DELIVERY_TASK, DeliveryJob.class);

    private final ObjectProvider<ControlScheduler> scheduler;
    private final JsonMapper json;
    private final Clock clock;

    WebhookDispatcher(WebhookRepository webhooks, WebhookDeliveryRepository deliveries,
                      ObjectProvider<ControlScheduler> scheduler, JsonMapper json,
                      Clock clock) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.scheduler = scheduler;
        this.json = json;
        this.clock = clock;
    }

    @EventListener
    void on(RunFinished finished) {
        WebhookEvent event = WebhookEvent.of(finished.state());
        Instant now = clock.instant();
        for (Webhook webhook : webhooks.findAll()) {
            if (!webhook.events().contains(event)) {
                continue;
            }
            UUID id = UUID.randomUUID();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("runId", finished.runId());
            data.put("pipelineName", finished.pipelineName());
            data.put("state", finished.state());
            data.put("durationSeconds", finished.duration().toMillis() / 1000.0);
            data.put("run", "/api/v1/runs/" + finished.runId());
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("id", id);
            payload.put("type", event.wireName());
            payload.put("time", now.toString());
            payload.put("data", data);
            deliveries.save(new WebhookDelivery(id, webhook.id(), finished.runId(), event,
                    json.writeValueAsString(payload), now));
            schedule(new DeliveryJob(id, 1), now);
        }
    }

    @EventListener
    void on(com.pipelines.serving.ModelDriftDetected drift) {
        Instant now = clock.instant();
        for (Webhook webhook : webhooks.findAll()) {
            if (!webhook.events().contains(WebhookEvent.MODEL_DRIFT)) {
                continue;
            }
            UUID id = UUID.randomUUID();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("endpoint", drift.endpointName());
            data.put("deployedModelId", drift.deployedModelId());
            data.put("model", drift.model());
            data.put("drifted", drift.drifted());
            data.put("window", drift.window());
            data.put("monitoring", "/api/v1/endpoints/" + drift.endpointId() + "/monitoring");
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("id", id);
            payload.put("type", WebhookEvent.MODEL_DRIFT.wireName());
            payload.put("time", now.toString());
            payload.put("data", data);
            deliveries.save(new WebhookDelivery(id, webhook.id(), null, WebhookEvent.MODEL_DRIFT,
                    json.writeValueAsString(payload), now));
            schedule(new DeliveryJob(id, 1), now);
        }
    }

    void schedule(DeliveryJob job, Instant at) {
        scheduler.getObject().schedule(DELIVERY.instance(job.instanceId()).data(job).scheduledTo(at), at);
    }
}
