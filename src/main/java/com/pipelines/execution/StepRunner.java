package com.pipelines.execution;

import java.util.Optional;
import java.util.UUID;

import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.artifacts.ArtifactStore;
import com.pipelines.PipelinesProperties;
import com.pipelines.pipeline.BackgroundPriority;
import com.pipelines.pipeline.PipelineCatalog;
import com.pipelines.pipeline.PipelineException;
import com.pipelines.pipeline.PipelineStep;
import com.pipelines.pipeline.StepCancelledException;
import com.pipelines.pipeline.StepFailedException;
import com.pipelines.runs.RunRecorder;
import com.pipelines.runs.RunTransitions;
import com.pipelines.caching.TaskCache;
import com.pipelines.runs.TaskStart;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one attempt of one step: starts the task, executes the step outside any transaction, then records how it
 * ended. Whatever the step throws ends here; only the engine's own bookkeeping may fail the db-scheduler execution.
 */
@Component
class StepRunner {

    private static final Logger log = LoggerFactory.getLogger(StepRunner.class);

    private final RunTransitions transitions;
    private final RunRecorder recorder;
    private final PipelineCatalog catalog;
    private final ArtifactStore store;
    private final ArtifactStorage storage;
    private final MeterRegistry meters;
    private final TaskCache cache;
    private final CacheKeys keys;
    private final int niceness;
    private final StepDeadlines deadlines;

    StepRunner(RunTransitions transitions, RunRecorder recorder, PipelineCatalog catalog, ArtifactStore store,
               ArtifactStorage storage, MeterRegistry meters, TaskCache cache, CacheKeys keys,
               PipelinesProperties properties, StepDeadlines deadlines) {
        this.deadlines = deadlines;
        this.storage = storage;
        this.niceness = properties.stepNiceness();
        this.cache = cache;
        this.keys = keys;
        this.transitions = transitions;
        this.recorder = recorder;
        this.catalog = catalog;
        this.store = store;
        this.meters = meters;
    }

    void run(StepJob job) {
        BackgroundPriority.lowerCurrentThread(niceness);
        Optional<TaskStart> started = transitions.startTask(job.runId(), job.task(), job.attempt());
        if (started.isEmpty()) {
            log.debug("Nothing to do for {}", job.instanceId());
            return;
        }
        TaskStart given = started.get();
        Optional<PipelineStep> step = catalog.step(given.component());
        if (step.isEmpty()) {
            transitions.failTask(given.runId(), given.task(), given.attempt(),
                    "Step " + given.component() + " has no implementation in this build of the service", false);
            return;
        }
        TaskStart start;
        try {
            start = withCheckedInputs(step.get(), given);
        } catch (PipelineException invalid) {
            transitions.failTask(given.runId(), given.task(), given.attempt(), "Invalid inputs: " + invalid.violations()
                    .stream().map(v -> v.field().replace("parameterValues.", "") + " " + v.message())
                    .collect(java.util.stream.Collectors.joining("; ")), false);
            return;
        }
        Timer.Sample sample = Timer.start(meters);
        String outcome = cachedOrExecuted(step.get(), start);
        sample.stop(Timer.builder("pipelines.step.duration").description("Time one attempt of a step took")
                .tag("step", start.component()).tag("outcome", outcome).register(meters));
    }

    private TaskStart withCheckedInputs(PipelineStep step, TaskStart start) {
        return start.withParameters(catalog.componentInputs(step, start.parameters(), start.pipelineRoot()));
    }

    private String cachedOrExecuted(PipelineStep step, TaskStart start) {
        Optional<UUID> hit = Optional.empty();
        if (start.enableCaching() && step.cacheable()) {
            try {
                String key = keys.of(step, start);
                hit = cache.lookup(start, key);
                if (hit.isEmpty()) {
                    cache.remember(start, key);
                }
            } catch (Exception e) {
                log.warn("Cache lookup for step {} of run {} failed; running the step", start.task(), start.runId(), e);
            }
        }
        if (hit.isPresent()) {
            transitions.completeFromCache(start.runId(), start.task(), start.attempt(), hit.get());
            return "cached";
        }
        return execute(step, start);
    }

    private String execute(PipelineStep step, TaskStart start) {
        DefaultStepContext context = new DefaultStepContext(start, recorder, store, storage);
        try {
            return executed(step, start, context);
        } finally {
            context.releaseCopies();
            discardStaged(start);
        }
    }

    private String executed(PipelineStep step, TaskStart start, DefaultStepContext context) {
        UUID runId = start.runId();
        String task = start.task();
        int attempt = start.attempt();
        Thread worker = Thread.currentThread();
        String timedOut = "Timed out after " + start.timeout() + " (the step's time limit: the task's "
                + "activeDeadlineSeconds, else pipelines.step-timeout)";
        try (StepDeadlines.Deadline ignored = deadlines.start(start.timeout(), () -> {
            context.timeOut();
            worker.interrupt();
        }, () -> transitions.failTask(runId, task, attempt, timedOut + "; the step did not stop, its worker is "
                + "abandoned to it", true))) {
            try {
                step.execute(context);
                context.uploadOutputs();
            } catch (Exception | LinkageError | OutOfMemoryError e) {
                return failed(start, context, e, timedOut);
            }
        } finally {
            Thread.interrupted();
        }
        if (context.timedOut()) {
            return failed(start, context, new IllegalStateException("finished past its time limit"), timedOut);
        }
        // Outside the step's try: what goes wrong from here on is the engine's, never a failed attempt of the step.
        boolean current = transitions.completeTask(runId, task, attempt, () -> store.publishAttempt(
                start.pipelineRoot(), start.pipelineName(), runId, task, attempt));
        return current ? "succeeded" : "stale";
    }

    private String failed(TaskStart start, DefaultStepContext context, Throwable e, String timedOut) {
        UUID runId = start.runId();
        String task = start.task();
        int attempt = start.attempt();
        if (context.timedOut()) {
            log.warn("Step {} of run {}: {}", task, runId, timedOut);
            transitions.failTask(runId, task, attempt, timedOut, true);
            return "timed-out";
        }
        if (e instanceof StepCancelledException) {
            transitions.cancelTask(runId, task, attempt);
            return "cancelled";
        }
        if (e instanceof StepFailedException failed) {
            log.warn("Step {} of run {} failed: {}", task, runId, failed.getMessage(), failed);
            transitions.failTask(runId, task, attempt, failed.getMessage(), failed.retryable());
            return "failed";
        }
        if (recorder.cancelRequested(runId)) {
            transitions.cancelTask(runId, task, attempt);
            return "cancelled";
        }
        log.warn("Step {} of run {} threw", task, runId, e);
        transitions.failTask(runId, task, attempt, describe(e), true);
        return "failed";
    }

    /** What the attempt staged and did not publish (it failed, was cancelled or was stale) is deleted. */
    private void discardStaged(TaskStart start) {
        try {
            store.discardAttempt(start.pipelineRoot(), start.pipelineName(), start.runId(), start.task(),
                    start.attempt());
        } catch (RuntimeException e) {
            log.warn("Could not delete the staged outputs of {} of run {}", start.task(), start.runId(), e);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }
}
