package com.pipelines.scheduling;

import com.github.kagkarlsson.scheduler.task.Task;

/**
 * A db-scheduler task that runs on the {@link ControlScheduler}'s workers instead of the step workers: work that
 * must never wait behind a training (webhook deliveries, Vertex job polls, the reconciler, purges). Declared as a
 * bean of this type, not of type {@code Task}, so the step scheduler does not take it too.
 */
public record ControlTask(Task<?> task) {
}
