package com.pipelines.scheduling;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.boot.autoconfigure.Jackson3Serializer;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerProperties;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * A second db-scheduler, on table {@code control_tasks} with workers of its own: control work (webhook deliveries,
 * Vertex job polls, the reconciler, purges) never waits for a step to free a worker. Durable and clustered like the
 * step scheduler (heartbeats, dead executions revived, one replica per execution); scheduling joins the caller's
 * transaction, and after the commit the scheduler is told to look at once.
 */
public class ControlScheduler implements DisposableBean {

    public static final String TABLE = "control_tasks";

    private final Scheduler scheduler;

    public ControlScheduler(DataSource dataSource, List<ControlTask> tasks, ControlProperties control,
                     DbSchedulerProperties steps, boolean h2) {
        DataSource transactional = dataSource instanceof TransactionAwareDataSourceProxy ? dataSource
                : new TransactionAwareDataSourceProxy(dataSource);
        List<Task<?>> all = tasks.stream().<Task<?>>map(ControlTask::task).toList();
        List<Task<?>> known = all.stream().filter(t -> !(t instanceof RecurringTask)).toList();
        List<RecurringTask<?>> recurring = all.stream().filter(t -> t instanceof RecurringTask)
                .<RecurringTask<?>>map(t -> (RecurringTask<?>) t).toList();
        SchedulerBuilder builder = Scheduler.create(transactional, known)
                .tableName(TABLE)
                .schedulerName(new SchedulerName.Fixed((steps.getSchedulerName() != null
                        ? steps.getSchedulerName() : new SchedulerName.Hostname().getName()) + "-control"))
                .threads(control.threads())
                .pollingInterval(control.pollingInterval())
                .heartbeatInterval(steps.getHeartbeatInterval())
                .missedHeartbeatsLimit(steps.getMissedHeartbeatsLimit())
                .shutdownMaxWait(steps.getShutdownMaxWait())
                .serializer(new Jackson3Serializer())
                .enableImmediateExecution()
                .enablePriority()
                .pollUsingLockAndFetch(0.5, 1.0)
                .startTasks(recurring);
        if (h2) {
            builder.jdbcCustomization(new H2JdbcCustomization(steps.isAlwaysPersistTimestampInUtc()));
        }
        if (steps.isAlwaysPersistTimestampInUtc()) {
            builder.alwaysPersistTimestampInUTC();
        }
        this.scheduler = builder.build();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        scheduler.start();
    }

    /** Schedules an execution unless it exists; one due now is looked at as soon as the caller's work commits. */
    public <T> void schedule(SchedulableInstance<T> instance, Instant at) {
        scheduler.scheduleIfNotExists(instance);
        DueSoon.wake(scheduler, at);
    }

    /** Looks for due executions now instead of at the next poll (a timer set for a known due time calls it). */
    public void checkNow() {
        scheduler.triggerCheckForDueExecutions();
    }

    @Override
    public void destroy() {
        scheduler.stop();
    }
}
