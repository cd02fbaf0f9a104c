package com.pipelines.execution;

import java.time.Instant;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.pipelines.runs.TaskQueued;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns a queued task into a db-scheduler execution inside the transaction that queued it, so the two commit or
 * roll back together. An execution written inside a transaction is only seen at the scheduler's next poll, so
 * after the commit the scheduler is told to look at once: a run starts within milliseconds when a worker is free.
 */
@Component
class StepScheduling {

    private final ObjectProvider<Scheduler> scheduler;
    private final OneTimeTask<StepJob> stepTask;

    StepScheduling(ObjectProvider<Scheduler> scheduler, OneTimeTask<StepJob> stepTask) {
        this.scheduler = scheduler;
        this.stepTask = stepTask;
    }

    @EventListener
    void on(TaskQueued queued) {
        StepJob job = new StepJob(queued.runId(), queued.task(), queued.attempt());
        Scheduler client = scheduler.getObject();
        client.scheduleIfNotExists(stepTask.instance(job.instanceId(), job), queued.executeAt());
        if (!queued.executeAt().isAfter(Instant.now()) && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    client.triggerCheckForDueExecutions();
                }
            });
        }
    }
}
