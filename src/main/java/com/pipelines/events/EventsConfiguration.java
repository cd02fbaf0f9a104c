package com.pipelines.events;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.pipelines.scheduling.ControlTask;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventsProperties.class)
class EventsConfiguration {

    /** Events past the window deleted every minute, on one replica at a time. */
    @Bean
    ControlTask liveEventPurge(LiveEventLog log, EventsProperties properties) {
        return new ControlTask(Tasks.recurring("live-event-purge", FixedDelay.of(Duration.ofMinutes(1)))
                .execute((instance, context) -> log.purge(properties.window())));
    }
}
