package com.pipelines.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.github.kagkarlsson.scheduler.boot.autoconfigure.Jackson3Serializer;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Steps run as db-scheduler one-time executions: durable in the database, picked by one replica at a time, kept
 * alive by heartbeats and revived when their process dies. Step failures are handled by {@link StepRunner}; the
 * failure handler here only covers the engine's own bookkeeping failing (the database briefly away).
 */
@Configuration(proxyBeanMethods = false)
class ExecutionConfiguration {

    static final String STEP_TASK = "pipeline-step";
    static final String REMOTE_RUN_TASK = "vertex-pipeline-job";

    @Bean
    OneTimeTask<StepJob> pipelineStepTask(StepRunner runner) {
        return Tasks.oneTime(STEP_TASK, StepJob.class)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(10,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2)))
                .execute((instance, context) -> runner.run(instance.getData()));
    }

    /**
     * A run executed by Vertex AI Pipelines: one execution that submits the job, then reschedules itself every
     * poll interval until the job is finished. Durable like steps: after a crash another replica picks it up.
     */
    @Bean
    CustomTask<RemoteRunJob> remoteRunTask(RemoteRunPoller poller) {
        return Tasks.custom(REMOTE_RUN_TASK, RemoteRunJob.class)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(10,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2)))
                .execute((instance, context) -> poller.poll(instance.getData().runId())
                        .<CompletionHandler<RemoteRunJob>>map(next -> (complete, operations) ->
                                operations.reschedule(complete, Instant.now().plus(next)))
                        .orElseGet(CompletionHandler.OnCompleteRemove::new));
    }

    @Bean
    DbSchedulerCustomizer jsonTaskData() {
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<Serializer> serializer() {
                return Optional.of(new Jackson3Serializer());
            }
        };
    }
}
