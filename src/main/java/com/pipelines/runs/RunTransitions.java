package com.pipelines.runs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import com.pipelines.PipelinesProperties;
import com.pipelines.pipeline.PipelineVersions;
import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.pipeline.ir.PipelineGraph;
import com.pipelines.pipeline.ir.TaskNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.PessimisticLockingFailureException;
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
    static final int ENGINE_TRIES = 3;
    private static final Duration ENGINE_BACKOFF = Duration.ofMillis(200);

    private final PipelineRunRepository runs;
    private final TaskRunRepository tasks;
    private final RunRecorder recorder;
    private final DagProgress dag;
    private final TaskInputs inputs;
    private final PipelineVersions versions;
    private final PipelinesProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final StepsInFlight inFlight;

    RunTransitions(PipelineRunRepository runs, TaskRunRepository tasks, RunRecorder recorder, DagProgress dag,
                   TaskInputs inputs, PipelineVersions versions, PipelinesProperties properties,
                   ApplicationEventPublisher events, TransactionTemplate transaction, Clock clock,
                   StepsInFlight inFlight) {
        this.inFlight = inFlight;
        this.runs = runs;
        this.tasks = tasks;
        this.recorder = recorder;
        this.dag = dag;
        this.inputs = inputs;
        this.versions = versions;
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
                if (task.state() == TaskState.PENDING) {
                    task.transitionTo(TaskState.CANCELLED, "Not started: the run is stopping", now);
                }
                stopped(run, now);
                return Optional.empty();
            }
            if (task.state() == TaskState.RUNNING) {
                if (task.attempt() == attempt) {
                    afterInterruption(run, task, now);
                }
                return Optional.empty();
            }
            if (task.attempt() + 1 != attempt) {
                return Optional.empty();
            }
            PipelineGraph graph = versions.graph(run.pipelineName(), run.pipelineVersionId());
            TaskNode node = graph.task(Iterations.base(taskName)).orElseThrow(() -> new IllegalStateException(
                    "task " + taskName + " is not part of " + run.pipelineName()));
            Map<String, Object> parameters;
            Map<String, RecordedArtifact> artifacts = new LinkedHashMap<>();
            Map<String, List<RecordedArtifact>> artifactLists = new LinkedHashMap<>();
            try {
                Map<String, TaskRun> rows = tasks.byName(runId);
                parameters = new LinkedHashMap<>(task.inputs() != null ? task.inputs()
                        : inputs.parameters(run, graph, node, taskName, rows));
                inputs.artifacts(run, graph, node, taskName, rows).forEach((name, value) -> {
                    if (value instanceof List<?> list) {
                        artifactLists.put(name, list.stream().map(RecordedArtifact.class::cast).toList());
                    } else {
                        artifacts.put(name, (RecordedArtifact) value);
                    }
                });
            } catch (TaskInputs.Unresolvable missing) {
                task.transitionTo(TaskState.RUNNING, null, now);
                afterFailure(run, task, "Cannot start: " + missing.getMessage(), false, now);
                return Optional.empty();
            }
            parameters.keySet().removeIf(name -> name.startsWith(TaskNode.CHANNEL));
            task.transitionTo(TaskState.RUNNING, null, now);
            if (run.state() != RunState.RUNNING) {
                run.transitionTo(RunState.RUNNING, "Step " + taskName + " started", now);
            }
            recorder.clearTaskOutputs(runId, taskName);
            recorder.note(runId, taskName, task.attempt(),
                    "Attempt " + task.attempt() + " of " + taskName + " started");
            runs.touch(runId, now);
            return Optional.of(new TaskStart(runId, run.pipelineName(), taskName,
                    task.component() != null ? task.component() : taskName, task.attempt(), parameters, artifacts,
                    run.pipelineRoot(), run.enableCaching() && node.enableCache(),
                    run.cacheMaxStaleness().orElse(null), node.cacheKey(),
                    node.timeout() != null ? node.timeout() : properties.stepTimeout(), artifactLists,
                    run.createdByKey()));
        });
    }

    /**
     * Attempt {@code attempt} of the step finished: its outputs are published ({@code publish}, run while the task
     * row is locked), then the next step is queued or the run finished. False, with nothing changed, if the attempt
     * is no longer the current one (a newer attempt took over while this one stalled).
     * <p>
     * The step's success is recorded once, whatever happens next: an error while advancing the DAG is the engine's,
     * not the step's. The completion is tried again as engine work ({@value #ENGINE_TRIES} times in all); if the DAG
     * still cannot advance, the step stays SUCCEEDED with its outputs and the run is FAILED with the engine's reason.
     * An error while publishing the outputs fails the attempt like any error of the step.
     */
    public boolean completeTask(UUID runId, String taskName, int attempt, Runnable publish) {
        try {
            return recordThenAdvance(runId, taskName, attempt, "completion", (run, task) -> {
                try {
                    publish.run();
                } catch (RuntimeException e) {
                    throw new OutputsNotPublished(describe(e), e);
                }
                task.transitionTo(TaskState.SUCCEEDED, "Succeeded", clock.instant());
            });
        } catch (OutputsNotPublished notPublished) {
            failTask(runId, taskName, attempt, "Could not publish the outputs: " + notPublished.getMessage(), true);
            return true;
        }
    }

    /** A cache hit: the task is SKIPPED with the outputs of the same task of {@code source}; the run goes on. */
    public void completeFromCache(UUID runId, String taskName, int attempt, UUID source) {
        recordThenAdvance(runId, taskName, attempt, "cache hit", (run, task) -> {
            recorder.copyTaskOutputs(source, runId, taskName);
            recorder.note(runId, taskName, task.attempt(), "Cache hit: reusing the outputs of run " + source);
            task.reuse(source, clock.instant());
        });
    }

    /**
     * Records how a task ended ({@code record}, with the task and the run row locked), then advances the DAG, in one
     * transaction. An error while advancing is retried as engine work; after {@value #ENGINE_TRIES} tries the task's
     * end is recorded alone and the run FAILED with the engine's reason. False if the attempt was stale.
     */
    private boolean recordThenAdvance(UUID runId, String taskName, int attempt, String what,
                                      java.util.function.BiConsumer<PipelineRun, TaskRun> record) {
        RuntimeException engineError = null;
        for (int tries = 1; tries <= ENGINE_TRIES; tries++) {
            try {
                return recorded(runId, taskName, attempt, what, record,
                        (run, task) -> proceedAfter(run, taskName, clock.instant()));
            } catch (OutputsNotPublished notPublished) {
                throw notPublished;
            } catch (RuntimeException e) {
                engineError = e;
                log.warn("Try {} of advancing run {} after task {} failed", tries, runId, taskName, e);
                if (tries < ENGINE_TRIES) {
                    pause(ENGINE_BACKOFF.multipliedBy(tries));
                }
            }
        }
        String reason = describe(engineError);
        return recorded(runId, taskName, attempt, what, record, (run, task) -> {
            String message = "Task " + taskName + " ended " + task.state() + ", but the engine could not go on after "
                    + "it (" + ENGINE_TRIES + " tries): " + reason + ". Retry the run to continue after " + taskName;
            recorder.note(runId, taskName, task.attempt(), message);
            Instant now = clock.instant();
            if (!run.state().isTerminal()) {
                finish(run, RunState.FAILED, message, now);
            }
            runs.touch(runId, now);
        });
    }

    /** In one transaction, with the task and the run locked: {@code record}, then {@code then}; false if stale. */
    private boolean recorded(UUID runId, String taskName, int attempt, String what,
                             java.util.function.BiConsumer<PipelineRun, TaskRun> record,
                             java.util.function.BiConsumer<PipelineRun, TaskRun> then) {
        return retrying(() -> {
            TaskRun task = currentAttempt(runId, taskName, attempt, what);
            if (task == null) {
                return false;
            }
            PipelineRun run = runs.lockById(runId).orElseThrow();
            record.accept(run, task);
            then.accept(run, task);
            return true;
        });
    }

    /** Publishing a step's outputs failed: a failure of the attempt, not of the engine. */
    private static final class OutputsNotPublished extends RuntimeException {
        OutputsNotPublished(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String describe(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        String message = e.getMessage();
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
        return text.length() > 1000 ? text.substring(0, 1000) : text;
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
        tasks.flush();
        if (run.state() == RunState.CANCELLING) {
            stopped(run, now);
        } else {
            advance(run, now, false);
        }
        runs.touch(run.id(), now);
    }

    /**
     * Queues what became ready and ends the run when every task ended. After a task failed for good (the run's
     * {@code failure}), FAIL_SLOW goes on with what does not depend on it and fails the run when nothing is left in
     * flight; FAIL_FAST stops the running steps and fails the run once they have stopped.
     */
    private void advance(PipelineRun run, Instant now, boolean starting) {
        if (run.failure() == null || run.failurePolicy() == FailurePolicy.FAIL_SLOW) {
            DagProgress.Outcome outcome = dag.advance(run, now, starting);
            if (run.failure() == null) {
                if (outcome.finished()) {
                    finish(run, RunState.SUCCEEDED, "All steps succeeded", now);
                }
                return;
            }
        }
        List<TaskRun> rows = tasks.findByRunIdOrderByPosition(run.id());
        boolean stepRunning = rows.stream().anyMatch(TaskRun::stepRunning);
        boolean queued = rows.stream().anyMatch(task -> task.state() == TaskState.PENDING && task.queued());
        if (run.failurePolicy() == FailurePolicy.FAIL_SLOW && (stepRunning || queued)) {
            return;
        }
        if (stepRunning) {
            if (run.state() != RunState.CANCELLING) {
                run.transitionTo(RunState.CANCELLING, run.failure() + "; stopping the running steps (failurePolicy "
                        + "FAIL_FAST)", now);
            }
            return;
        }
        finish(run, RunState.FAILED, run.failure(), now);
    }

    /** A task ended or stopped while the run is stopping: the run ends once no step runs any more. */
    private void stopped(PipelineRun run, Instant now) {
        tasks.flush();
        if (tasks.findByRunIdOrderByPosition(run.id()).stream().noneMatch(TaskRun::stepRunning)) {
            if (run.failure() != null) {
                finish(run, RunState.FAILED, run.failure(), now);
            } else {
                finishCancelled(run, now);
            }
        }
    }

    /** A run's first tasks, in the transaction that submits it. */
    void start(PipelineRun run, Instant now) {
        advance(run, now, true);
    }

    /** The step threw: retry it with backoff while attempts remain (and it is worth it), else fail the run. */
    public void failTask(UUID runId, String taskName, int attempt, String message, boolean retryable) {
        retrying(() -> {
            TaskRun task = currentAttempt(runId, taskName, attempt, "failure");
            if (task == null) {
                return null;
            }
            PipelineRun run = runs.lockById(runId).orElseThrow();
            afterFailure(run, task, message, retryable, clock.instant());
            return null;
        });
    }

    /** The step stopped at a safe point because the run was cancelled. */
    public void cancelTask(UUID runId, String taskName, int attempt) {
        retrying(() -> {
            TaskRun task = currentAttempt(runId, taskName, attempt, "cancellation");
            if (task == null) {
                return null;
            }
            PipelineRun run = runs.lockById(runId).orElseThrow();
            Instant now = clock.instant();
            task.transitionTo(TaskState.CANCELLED, run.failure() != null ? "Stopped: another task failed"
                    : "Cancelled", now);
            if (!run.state().isTerminal()) {
                stopped(run, now);
            }
            runs.touch(runId, now);
            return null;
        });
    }

    RunState requestCancel(UUID runId) {
        return retrying(() -> {
            PipelineRun run = runs.findById(runId).orElseThrow(() -> RunException.notFound(runId));
            Instant now = clock.instant();
            boolean stepRunning = tasks.findByRunIdOrderByPosition(runId).stream()
                    .anyMatch(task -> task.state() == TaskState.RUNNING && task.component() != null);
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
        // A step's execution ends a moment after its failure is recorded: give that moment before refusing.
        for (int waited = 0; waited < 20 && !inFlight.executing(runId).isEmpty(); waited++) {
            pause(Duration.ofMillis(100));
        }
        return retrying(() -> {
            PipelineRun run = runs.findById(runId).orElseThrow(() -> RunException.notFound(runId));
            if (!run.state().canTransitionTo(RunState.QUEUED)) {
                throw RunException.notRetryable(runId, run.state());
            }
            Instant now = clock.instant();
            List<TaskRun> all = tasks.findByRunIdOrderByPosition(runId);
            java.util.Set<String> busy = new java.util.TreeSet<>(inFlight.executing(runId));
            all.stream().filter(TaskRun::stepRunning).map(TaskRun::name).forEach(busy::add);
            if (!busy.isEmpty()) {
                throw RunException.stepsStillRunning(runId, busy);
            }
            run.clearFailure();
            List<TaskRun> redo = all.stream().filter(t -> !t.state().hasOutputs()).toList();
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
                tasks.flush();
                advance(run, now, true);
            }
            runs.touch(runId, now);
            return from.name();
        });
    }

    /**
     * The attempt's worker died under it. That is no failure of the step, so the task's own retryPolicy (even
     * maxRetryCount 0) does not stop it from being tried again, up to the service's max-attempts.
     */
    private void afterInterruption(PipelineRun run, TaskRun task, Instant now) {
        String message = "Attempt " + task.attempt() + " was interrupted (its worker stopped)";
        int limit = Math.max(properties.maxAttempts(), maxAttempts(retryPolicy(run, task)));
        afterFailure(run, task, message, task.attemptsThisTry() < limit, now, backoff(null, task.attemptsThisTry()));
    }

    private void afterFailure(PipelineRun run, TaskRun task, String message, boolean retryable, Instant now) {
        TaskNode.Retry policy = retryPolicy(run, task);
        boolean again = retryable && task.attemptsThisTry() < maxAttempts(policy);
        afterFailure(run, task, message, again, now, backoff(policy, task.attemptsThisTry()));
    }

    private void afterFailure(PipelineRun run, TaskRun task, String message, boolean again, Instant now,
                              Duration delay) {
        recorder.note(run.id(), task.name(), task.attempt(), "Attempt " + task.attempt() + " failed: " + message);
        if (run.state() == RunState.CANCELLING) {
            task.transitionTo(TaskState.FAILED, message, now);
            stopped(run, now);
        } else if (again) {
            task.transitionTo(TaskState.PENDING, message, now);
            task.markQueued();
            Instant retryAt = now.plus(delay);
            events.publishEvent(TaskQueued.continuingRun(run.id(), task.name(), task.attempt() + 1, retryAt));
        } else {
            task.transitionTo(TaskState.FAILED, message, now);
            int tried = task.attemptsThisTry();
            String attempts = tried + (tried == 1 ? " attempt" : " attempts");
            run.taskFailed("Step " + task.name() + " failed after " + attempts + ": " + message);
            tasks.flush();
            advance(run, now, false);
        }
        runs.touch(run.id(), now);
    }

    /** The task's retryPolicy exactly (1 + maxRetryCount, 0 included) where it has one; else the service's limit. */
    private int maxAttempts(TaskNode.Retry policy) {
        return policy != null ? 1 + policy.maxRetries() : properties.maxAttempts();
    }

    /** The task's retryPolicy backoff where it has one; else the service's, doubled for each failed attempt. */
    private Duration backoff(TaskNode.Retry policy, int failedAttempt) {
        return policy != null ? policy.delayAfter(failedAttempt)
                : properties.retryBackoff().multipliedBy(1L << Math.min(failedAttempt - 1, 10));
    }

    private TaskNode.Retry retryPolicy(PipelineRun run, TaskRun task) {
        return versions.graph(run.pipelineName(), run.pipelineVersionId()).task(Iterations.base(task.name()))
                .map(TaskNode::retry).orElse(null);
    }

    private void finishCancelled(PipelineRun run, Instant now) {
        finish(run, RunState.CANCELLED, "Cancelled", now);
    }

    /** Ends the run; tasks that never got to finish are cancelled with it. */
    public void finish(PipelineRun run, RunState state, String message, Instant now) {
        List<TaskRun> open = tasks.findByRunIdOrderByPosition(run.id()).stream()
                .filter(task -> !task.state().isTerminal()).toList();
        String why = state == RunState.CANCELLED ? "Cancelled" : "Not run: " + message;
        open.forEach(task -> task.transitionTo(TaskState.CANCELLED, why, now));
        run.transitionTo(state, message, now);
        Duration took = Duration.between(run.startTime() != null ? run.startTime() : run.createTime(), now);
        events.publishEvent(new RunFinished(run.id(), run.pipelineName(), state, took));
    }

    /** Runs {@code work} in a transaction, again on fresh state when it lost a race (up to 5 times). */
    public <T> T retrying(Supplier<T> work) {
        for (int tries = 1; ; tries++) {
            try {
                return transaction.execute(status -> work.get());
            } catch (ObjectOptimisticLockingFailureException | PessimisticLockingFailureException raced) {
                if (tries >= OPTIMISTIC_RETRIES) {
                    throw raced;
                }
            }
        }
    }
}
