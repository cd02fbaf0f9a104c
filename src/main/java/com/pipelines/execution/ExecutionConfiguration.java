package com.pipelines.execution;

import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.boot.autoconfigure.Jackson3Serializer;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerProperties;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Steps run as db-scheduler one-time executions: durable in the database, picked by one replica at a time, kept
 * alive by heartbeats and revived when their process dies. Step failures are handled by {@link StepRunner}; the
 * failure handler here only covers the engine's own bookkeeping failing (the database briefly away).
 */
@Configuration(proxyBeanMethods = false)
class ExecutionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ExecutionConfiguration.class);

    static final String STEP_TASK = "pipeline-step";
    static final String REMOTE_RUN_TASK = "vertex-pipeline-job";

    @Bean
    OneTimeTask<StepJob> pipelineStepTask(StepRunner runner) {
        return Tasks.oneTime(STEP_TASK, StepJob.class)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(10,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2)))
                .onDeadExecution(ExecutionConfiguration::reviveInPlace)
                .execute((instance, context) -> runner.run(instance.getData()));
    }

    /**
     * A step whose replica died is due again at the time it was first due, not now, so it keeps its place ahead
     * of the steps queued after it (db-scheduler's own revival would put it behind the whole queue).
     */
    private static <T> void reviveInPlace(ExecutionComplete dead, ExecutionOperations<T> operations) {
        Execution execution = dead.getExecution();
        log.info("Reviving {} (its replica {} stopped sending heartbeats)", execution.getId(), execution.pickedBy);
        operations.reschedule(dead, execution.executionTime);
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

    /** Task data as JSON; on H2, lock-and-fetch polling like on PostgreSQL (see {@link H2JdbcCustomization}). */
    @Bean
    DbSchedulerCustomizer schedulerCustomizer(DataSource dataSource, DbSchedulerProperties properties)
            throws MetaDataAccessException {
        boolean persistTimestampInUtc = properties.isAlwaysPersistTimestampInUtc();
        boolean h2 = "H2".equals(JdbcUtils.extractDatabaseMetaData(dataSource,
                DatabaseMetaData::getDatabaseProductName));
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<Serializer> serializer() {
                return Optional.of(new Jackson3Serializer());
            }

            @Override
            public Optional<JdbcCustomization> jdbcCustomization() {
                return h2 ? Optional.of(new H2JdbcCustomization(persistTimestampInUtc)) : Optional.empty();
            }
        };
    }
}
