package com.pipelines.housekeeping;

import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.pipelines.scheduling.ControlTask;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RetentionProperties.class)
class HousekeepingConfiguration {

    /** Retention every pipelines.retention.interval, on one replica at a time (a db-scheduler recurring task). */
    @Bean
    ControlTask retentionTask(RetentionPass pass, RetentionProperties properties) {
        return new ControlTask(Tasks.recurring("retention", FixedDelay.of(properties.interval()))
                .execute((instance, context) -> pass.run()));
    }
}
