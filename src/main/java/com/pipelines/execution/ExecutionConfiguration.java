package com.pipelines.execution;

import java.sql.DatabaseMetaData;
import java.time.Instant;
import java.util.List;
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
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.pipelines.runs.LostRuns;
import com.pipelines.remote.RemoteRuns;
import com.pipelines.scheduling.ControlProperties;
import com.pipelines.scheduling.ControlScheduler;
import com.pipelines.scheduling.ControlTask;
import com.pipelines.scheduling.GiveUpAfterRetries;
import com.pipelines.scheduling.H2JdbcCustomization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
@EnableConfigurationProperties(ControlProperties.class)
class ExecutionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ExecutionConfiguration.class);

    static final String STEP_TASK = "pipeline-step";
    static final String REMOTE_RUN_TASK = "vertex-pipeline-job";
    static final String RECONCILER_TASK = "run-reconciler";

    @Bean
    OneTimeTask<StepJob> pipelineStepTask(StepRunner runner, LostRuns lost, ControlProperties control) {
        return Tasks.oneTime(STEP_TASK, StepJob.class)
                .onFailure(new GiveUpAfterRetries<StepJob>(control.engineRetries(),
                        (job, reason) -> lost.abandonStep(job.runId(), job.task(), job.attempt(), reason)))
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
     * A run executed by Vertex AI Pipelines: one control execution that submits the job, then reschedules itself
     * every poll interval until the job is finished. Durable like steps: after a crash another replica picks it up.
     */
    @Bean
    ControlTask remoteRunTask(RemoteRunPoller poller, RemoteRuns runs, ControlProperties control) {
        return new ControlTask(Tasks.custom(REMOTE_RUN_TASK, RemoteRunJob.class)
                .onFailure(new GiveUpAfterRetries<RemoteRunJob>(control.engineRetries(),
                        (job, reason) -> runs.fail(job.runId(), "Polling Vertex AI Pipelines failed: " + reason)))
                .execute((instance, context) -> poller.poll(instance.getData().runId())
                        .<CompletionHandler<RemoteRunJob>>map(next -> (complete, operations) ->
                                operations.reschedule(complete, Instant.now().plus(next)))
                        .orElseGet(CompletionHandler.OnCompleteRemove::new)));
    }

    /** Every reconcile-every, on one replica at a time: runs that lost their execution end FAILED. */
    @Bean
    ControlTask runReconcilerTask(RunReconciler reconciler, ControlProperties control) {
        return new ControlTask(Tasks.recurring(RECONCILER_TASK, FixedDelay.of(control.reconcileEvery()))
                .execute((instance, context) -> reconciler.reconcile()));
    }

    @Bean
    @ConditionalOnProperty(prefix = "db-scheduler", name = "enabled", havingValue = "true", matchIfMissing = true)
    ControlScheduler controlScheduler(DataSource dataSource, List<ControlTask> tasks, ControlProperties control,
                                      DbSchedulerProperties steps) throws MetaDataAccessException {
        return new ControlScheduler(dataSource, tasks, control, steps, isH2(dataSource));
    }

    private static boolean isH2(DataSource dataSource) throws MetaDataAccessException {
        return "H2".equals(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName));
    }

    /** Task data as JSON; on H2, lock-and-fetch polling like on PostgreSQL (see {@link H2JdbcCustomization}). */
    @Bean
    DbSchedulerCustomizer schedulerCustomizer(DataSource dataSource, DbSchedulerProperties properties)
            throws MetaDataAccessException {
        boolean persistTimestampInUtc = properties.isAlwaysPersistTimestampInUtc();
        boolean h2 = isH2(dataSource);
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
