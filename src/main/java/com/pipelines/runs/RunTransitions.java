package com.pipelines.runs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import com.pipelines.PipelinesProperties;
import com.pipelines.pipeline.PipelineCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every state change of runs and tasks after submission, each in its own short transaction. A transaction that
 * loses a race (a cancel against a finishing step) is retried on fresh state; the state enums decide what is legal.
 */
@Service
public class RunTransitions {

    private static final Logger log = LoggerFactory.getLogger(RunTransitions.class);

    private static final int OPTIMISTIC_RETRIES = 5;

    private final PipelineRunRepository runs;
    private final TaskRunRepository tasks;
    private final RunRecorder recorder;
    private final PipelineCatalog catalog;
    private final PipelinesProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    RunTransitions(PipelineRunRepository runs, TaskRunRepository tasks, RunRecorder recorder, PipelineCatalog catalog,
                   PipelinesProperties properties, ApplicationEventPublisher events, TransactionTemplate transaction,
                   Clock clock) {
        this.runs = runs;
        this.tasks = tasks;
        this.recorder = recorder;
        this.catalog = catalog;
        this.properties = properties;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Starts attempt {@code attempt} of a task, or says why not (empty): the run is finished or cancelling, the task
     * already finished, or this execution is stale. A task found RUNNING under the same attempt was interrupted (its
     * process died): that attempt is counted as failed and a fresh one queued.
     */
    public Optional<TaskStart> startTask(UUID runId, String taskName, int attempt) {
        return retrying(() -> {
            PipelineRun run = runs.findById(runId).orElse(null);
            TaskRun task = tasks.findByRunIdAndName(runId, taskName).orElse(null);
            if (run == null || task == null || run.state().isTerminal() || task.state().isTerminal()) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            if (run.state() == RunState.CANCELLING) {
                finishCancelled(run, now);
                return Optional.empty();
            }
            if (task.state() == TaskState.RUNNING) {
                if (task.attempt() == attempt) {
                    afterFailure(run, task, "Attempt " + attempt + " was interrupted (its worker stopped)", true, now);
                }
                return Optional.empty();
            }
            if (task.attempt() + 1 != attempt) {
                return Optional.empty();
            }
            task.transitionTo(TaskState.RUNNING, null, now);
            if (run.state() != RunState.RUNNING) {
                run.transitionTo(RunState.RUNNING, "Step " + taskName + " started", now);
            }
            recorder.clearTaskOutputs(runId, taskName);
            recorder.note(runId, taskName, task.attempt(),
                    "Attempt " + task.attempt() + " of " + taskName + " started");
            runs.touch(runId, now);
            return Optional.of(new TaskStart(runId, run.pipelineName(), taskName, task.attempt(),
                    run.parameterValues(), run.pipelineRoot(), run.enableCaching(),
                    run.cacheMaxStaleness().orElse(null)));
        });
    }

    /**
     * Attempt {@code attempt} of the step finished: its outputs are published ({@code publish}, run while the task
     * row is locked), then the next step is queued or the run finished. False, with nothing changed, if the attempt
     * is no longer the current one (a newer attempt took over while this one stalled).
     */
    public boolean completeTask(UUID runId, String taskName, int attempt, Runnable publish) {
        return retrying(() -> {
            PipelineRun run = runs.findById(runId).orElseThrow();
            TaskRun task = currentAttempt(runId, taskName, attempt, "completion");
            if (task == null) {
                return false;
            }
            publish.run();
            Instant now = clock.instant();
            task.transitionTo(TaskState.SUCCEEDED, "Succeeded", now);
            proceedAfter(run, taskName, now);
            return true;
        });
    }

    /** The task locked, if {@code attempt} is its current, running attempt; else null, and the stale report logged. */
    private TaskRun currentAttempt(UUID runId, String taskName, int attempt, String what) {
        TaskRun task = tasks.lockByRunIdAndName(runId, taskName).orElseThrow();
        if (task.state() == TaskState.RUNNING && task.attempt() == attempt) {
            return task;
        }
        log.warn("Ignored the {} of attempt {} of task {} of run {}: the task is now {} at attempt {}", what,
                attempt, taskName, runId, task.state(), task.attempt());
        return null;
    }

    private void proceedAfter(PipelineRun run, String taskName, Instant now) {
        if (run.state() == RunState.CANCELLING) {
            finishCancelled(run, now);
            return;
        }
        Optional<String> next = catalog.pipeline(run.pipelineName()).stepAfter(taskName);
        if (next.isPresent()) {
            int attempt = tasks.findByRunIdAndName(run.id(), next.get()).map(TaskRun::attempt).orElse(0) + 1;
            events.publishEvent(TaskQueued.continuingRun(run.id(), next.get(), attempt, now));
        } else {
            finish(run, RunState.SUCCEEDED, "All steps succeeded", now);
        }
        runs.touch(run.id(), now);
    }

    /** A cache hit: the task is SKIPPED with the outputs of the same task of {@code source}; the run goes on. */
    public void completeFromCache(UUID runId, String taskName, int attempt, UUID source) {
        retrying(() -> {
            PipelineRun run = runs.findById(runId).orElseThrow();
            TaskRun task = currentAttempt(runId, taskName, attempt, "cache hit");
            if (task == null) {
                return null;
            }
            Instant now = clock.instant();
            recorder.copyTaskOutputs(source, runId, taskName);
            recorder.note(runId, taskName, task.attempt(), "Cache hit: reusing the outputs of run " + source);
            task.reuse(source, now);
            proceedAfter(run, taskName, now);
            return null;
        });
    }

    /** The step threw: retry it with backoff while attempts remain (and it is worth it), else fail the run. */
    public void failTask(UUID runId, String taskName, int attempt, String message, boolean retryable) {
        retrying(() -> {
            PipelineRun run = runs.findById(runId).orElseThrow();
            TaskRun task = currentAttempt(runId, taskName, attempt, "failure");
            if (task == null) {
                return null;
            }
            afterFailure(run, task, message, retryable, clock.instant());
            return null;
        });
    }

    /** The step stopped at a safe point because the run was cancelled. */
    public void cancelTask(UUID runId, String taskName, int attempt) {
        retrying(() -> {
            PipelineRun run = runs.findById(runId).orElseThrow();
            if (currentAttempt(runId, taskName, attempt, "cancellation") != null && !run.state().isTerminal()) {
                finishCancelled(run, clock.instant());
            }
            return null;
        });
    }

    RunState requestCancel(UUID runId) {
        return retrying(() -> {
            PipelineRun run = runs.findById(runId).orElseThrow(() -> RunException.notFound(runId));
            Instant now = clock.instant();
            boolean stepRunning = tasks.findByRunIdOrderByPosition(runId).stream()
                    .anyMatch(task -> task.state() == TaskState.RUNNING);
            if (run.state() == RunState.CANCELLING) {
                return run.state();
            }
            boolean remoteJobLive = run.externalJob().isPresent() && !run.state().isTerminal();
            if (remoteJobLive && run.state().canTransitionTo(RunState.CANCELLING)) {
                run.transitionTo(RunState.CANCELLING, "Cancel requested; cancelling " + run.externalJob().get(), now);
            } else if (run.state() == RunState.RUNNING && stepRunning) {
                run.transitionTo(RunState.CANCELLING, "Cancel requested; waiting for the running step to stop", now);
            } else {
                finishCancelled(run, now);
            }
            runs.touch(runId, now);
            return run.state();
        });
    }

    /**
     * Re-executes a FAILED or CANCELLED run from its first step that did not succeed; the steps that succeeded keep
     * their outputs, which the re-executed steps read as before. Returns the step it restarts from.
     */
    String retry(UUID runId) {
        return retrying(() -> {
            PipelineRun run = runs.findById(runId).orElseThrow(() -> RunException.notFound(runId));
            if (!run.state().canTransitionTo(RunState.QUEUED)) {
                throw RunException.notRetryable(runId, run.state());
            }
            Instant now = clock.instant();
            List<TaskRun> all = tasks.findByRunIdOrderByPosition(runId);
            List<TaskRun> redo = all.stream()
                    .filter(t -> t.state() != TaskState.SUCCEEDED && t.state() != TaskState.SKIPPED).toList();
            if (redo.isEmpty()) {
                throw RunException.notRetryable(runId, run.state());
            }
            redo.stream().filter(t -> t.state() != TaskState.PENDING).forEach(t -> t.requeueForRetry(now));
            TaskRun from = redo.get(0);
            List<String> reused = all.stream().filter(t -> !redo.contains(t)).map(TaskRun::name).toList();
            run.transitionTo(RunState.QUEUED, "Retry: re-executing from step " + from.name()
                    + (reused.isEmpty() ? "" : "; reusing the outputs of " + String.join(", ", reused)), now);
            recorder.note(runId, from.name(), from.attempt(), "Run retried from this step");
            if (run.executor() == RunExecutor.VERTEX_PIPELINES) {
                run.linkExternalJob(null);
                events.publishEvent(new RemoteRunQueued(runId, now));
            } else {
                events.publishEvent(TaskQueued.startingRun(runId, from.name(), from.attempt() + 1, now));
            }
            runs.touch(runId, now);
            return from.name();
        });
    }

    private void afterFailure(PipelineRun run, TaskRun task, String message, boolean retryable, Instant now) {
        recorder.note(run.id(), task.name(), task.attempt(), "Attempt " + task.attempt() + " failed: " + message);
        if (run.state() == RunState.CANCELLING) {
            finishCancelled(run, now);
        } else if (retryable && task.attemptsThisTry() < properties.maxAttempts()) {
            task.transitionTo(TaskState.PENDING, message, now);
            Instant retryAt = now.plus(backoff(task.attempt()));
            events.publishEvent(TaskQueued.continuingRun(run.id(), task.name(), task.attempt() + 1, retryAt));
        } else {
            task.transitionTo(TaskState.FAILED, message, now);
            int tried = task.attemptsThisTry();
            String attempts = tried + (tried == 1 ? " attempt" : " attempts");
            finish(run, RunState.FAILED, "Step " + task.name() + " failed after " + attempts + ": " + message, now);
        }
        runs.touch(run.id(), now);
    }

    private Duration backoff(int failedAttempt) {
        return properties.retryBackoff().multipliedBy(1L << Math.min(failedAttempt - 1, 10));
    }

    private void finishCancelled(PipelineRun run, Instant now) {
        finish(run, RunState.CANCELLED, "Cancelled", now);
    }

    /** Ends the run; tasks that never got to finish are cancelled with it. */
    void finish(PipelineRun run, RunState state, String message, Instant now) {
        List<TaskRun> open = tasks.findByRunIdOrderByPosition(run.id()).stream()
                .filter(task -> !task.state().isTerminal()).toList();
        String why = state == RunState.CANCELLED ? "Cancelled" : "Not run: " + message;
        open.forEach(task -> task.transitionTo(TaskState.CANCELLED, why, now));
        run.transitionTo(state, message, now);
        Duration took = Duration.between(run.startTime() != null ? run.startTime() : run.createTime(), now);
        events.publishEvent(new RunFinished(run.id(), run.pipelineName(), state, took));
    }

    <T> T retrying(Supplier<T> work) {
        for (int tries = 1; ; tries++) {
            try {
                return transaction.execute(status -> work.get());
            } catch (ObjectOptimisticLockingFailureException raced) {
                if (tries >= OPTIMISTIC_RETRIES) {
                    throw raced;
                }
            }
        }
    }
}
