package com.pipelines.serving;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A batch prediction job is one execution on the step workers (db-scheduler, like pipeline steps): durable, picked
 * by one replica, revived elsewhere when that replica dies — and then it resumes after its last recorded chunk.
 */
@Configuration(proxyBeanMethods = false)
class BatchPredictionConfiguration {

    /** Monitored endpoints judged for drift every pipelines.monitoring.interval, on one replica at a time. */
    @Bean
    com.pipelines.scheduling.ControlTask modelMonitoringTask(DriftMonitor drift, MonitoringProperties properties) {
        return new com.pipelines.scheduling.ControlTask(Tasks.recurring("model-monitoring",
                com.github.kagkarlsson.scheduler.task.schedule.FixedDelay.of(properties.interval()))
                .execute((instance, context) -> drift.judge()));
    }

    @Bean
    OneTimeTask<BatchJobs.BatchJobData> batchPredictionTask(BatchPredictor predictor) {
        return Tasks.oneTime(BatchJobs.TASK)
                .execute((instance, context) -> predictor.run(instance.getData().jobId()));
    }
}
