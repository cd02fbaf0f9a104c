package com.pipelines.webhooks;

import java.net.http.HttpClient;

import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.pipelines.scheduling.ControlProperties;
import com.pipelines.scheduling.ControlTask;
import com.pipelines.scheduling.GiveUpAfterRetries;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deliveries are durable db-scheduler executions on the control scheduler's own workers, never behind a step: an
 * event committed with its run's final state is delivered even if the service stops right after. The sender
 * handles the receiver's failures itself (each attempt logged, the next scheduled with backoff); the failure
 * handler only covers the database being away, and ends the delivery FAILED if that lasts.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfiguration {

    static final String DELIVERY_TASK = "webhook-delivery";

    @Bean
    ControlTask webhookDeliveryTask(WebhookSender sender, ControlProperties control) {
        return new ControlTask(Tasks.oneTime(DELIVERY_TASK, DeliveryJob.class)
                .onFailure(new GiveUpAfterRetries<DeliveryJob>(control.engineRetries(), sender::giveUp))
                .execute((instance, context) -> sender.attempt(instance.getData())));
    }

    @Bean
    HttpClient webhookHttpClient(WebhookProperties properties) {
        return HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }
}
