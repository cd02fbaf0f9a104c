package com.pipelines.idempotency;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.pipelines.scheduling.ControlTask;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    /** Idempotency-Key on the other create requests; after Spring Security (-100), so a refused caller claims no key. */
    @Bean
    IdempotentCreates idempotentCreates(org.springframework.jdbc.core.JdbcTemplate jdbc,
                                        com.pipelines.PipelinesProperties properties,
                                        tools.jackson.databind.json.JsonMapper json, java.time.Clock clock) {
        return new IdempotentCreates(jdbc, properties, json, clock);
    }

    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<IdempotentCreates> idempotentCreatesRegistration(
            IdempotentCreates filter) {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(filter);
        registration.setOrder(-50);
        registration.addUrlPatterns("/api/v1/*");
        return registration;
    }

    /** Expired Idempotency-Keys are deleted hourly, on one replica at a time. */
    @Bean
    ControlTask idempotencyKeyPurge(IdempotentRequests requests, IdempotentCreates creates) {
        return new ControlTask(Tasks.recurring("idempotency-key-purge", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) -> {
                    requests.purgeExpired();
                    creates.purgeExpired();
                }));
    }
}
