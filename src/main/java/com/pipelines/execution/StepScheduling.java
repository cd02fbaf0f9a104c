package com.pipelines.execution;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Priority;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.pipelines.runs.RemoteRunQueued;
import com.pipelines.runs.TaskQueued;
import com.pipelines.scheduling.ControlScheduler;
import com.pipelines.scheduling.DueSoon;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns a queued task into a db-scheduler execution inside the transaction that queued it, so the two commit or
 * roll back together. An execution written inside a transaction is only seen at the scheduler's next poll, so
 * after the commit the scheduler is told to look at once: a run starts within milliseconds when a worker is free.
 * Steps of runs under way are scheduled at a higher priority than the first step of a new run, so workers finish
 * started runs (next steps, retries, steps taken over from a dead replica) before they start queued ones. The
 * poll of a run executed on Vertex AI is control work: it runs on the {@link ControlScheduler}'s own workers.
 */
@Component
class StepScheduling {

    private final ObjectProvider<Scheduler> scheduler;
    private final OneTimeTask<StepJob> stepTask;
    private static final TaskDescriptor<RemoteRunJob> REMOTE_RUN = TaskDescriptor.of(
            ExecutionConfiguration.REMOTE_RUN_TASK, RemoteRunJob.class);

    private final ObjectProvider<ControlScheduler> control;

    StepScheduling(ObjectProvider<Scheduler> scheduler, OneTimeTask<StepJob> stepTask,
                   ObjectProvider<ControlScheduler> control) {
        this.scheduler = scheduler;
        this.stepTask = stepTask;
        this.control = control;
    }

    @EventListener
    void on(TaskQueued queued) {
        StepJob job = new StepJob(queued.runId(), queued.task(), queued.attempt());
        Scheduler client = scheduler.getObject();
        int priority = queued.continuesRun() ? Priority.HIGH : Priority.MEDIUM;
        client.scheduleIfNotExists(stepTask.instanceBuilder(job.instanceId()).data(job).priority(priority)
                .scheduledTo(queued.executeAt()));
        DueSoon.wake(client, queued.executeAt());
    }

    @EventListener
    void on(RemoteRunQueued queued) {
        RemoteRunJob job = new RemoteRunJob(queued.runId());
        control.getObject().schedule(REMOTE_RUN.instance(job.instanceId()).data(job)
                .scheduledTo(queued.executeAt()), queued.executeAt());
    }
}
