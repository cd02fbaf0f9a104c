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

    @Bean
    OneTimeTask<BatchJobs.BatchJobData> batchPredictionTask(BatchPredictor predictor) {
        return Tasks.oneTime(BatchJobs.TASK)
                .execute((instance, context) -> predictor.run(instance.getData().jobId()));
    }
}
