package com.pipelines.idempotency;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.pipelines.scheduling.ControlTask;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    /** Expired Idempotency-Keys are deleted hourly, on one replica at a time. */
    @Bean
    ControlTask idempotencyKeyPurge(IdempotentRequests requests) {
        return new ControlTask(Tasks.recurring("idempotency-key-purge", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) -> requests.purgeExpired()));
    }
}
