package com.pipelines.schedules;

import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.pipelines.scheduling.ControlTask;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SchedulesProperties.class)
class ScheduleConfiguration {

    /**
     * Each schedule's firing: a control execution at its next fire time that fires what is due and reschedules itself
     * to the next one; removed once the schedule is paused, completed or deleted. A fire that fails on the service's
     * side (the database away) is tried again after retry-delay, for as long as it takes: a schedule never stops
     * silently.
     */
    @Bean
    ControlTask scheduleFireTask(ScheduleFiring firing, SchedulesProperties properties, ScheduleAlarm alarm) {
        return new ControlTask(Tasks.custom(ScheduleWakeUps.TASK, ScheduleJob.class)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(properties.retryDelay()))
                .execute((instance, context) -> firing.fire(instance.getData().scheduleId())
                        .<CompletionHandler<ScheduleJob>>map(next -> (complete, operations) -> {
                            Instant at = next.isBefore(Instant.now()) ? Instant.now() : next;
                            operations.reschedule(complete, at);
                            alarm.ringAt(at);
                        })
                        .orElseGet(CompletionHandler.OnCompleteRemove::new)));
    }
}
