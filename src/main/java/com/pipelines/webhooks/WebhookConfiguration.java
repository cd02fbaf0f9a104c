package com.pipelines.webhooks;

import java.net.http.HttpClient;
import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.pipelines.scheduling.ControlTask;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deliveries are durable db-scheduler executions on the control scheduler's own workers (never behind a step): an event committed with its run's final state is
 * delivered even if the service stops right after. The sender handles the receiver's failures itself (each
 * attempt logged, the next scheduled with backoff); the failure handler only covers the database being away.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfiguration {

    static final String DELIVERY_TASK = "webhook-delivery";

    @Bean
    ControlTask webhookDeliveryTask(WebhookSender sender) {
        return new ControlTask(Tasks.oneTime(DELIVERY_TASK, DeliveryJob.class)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(10,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2)))
                .execute((instance, context) -> sender.attempt(instance.getData())));
    }

    @Bean
    HttpClient webhookHttpClient(WebhookProperties properties) {
        return HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }
}
