package com.pipelines.runs;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.pipelines.pipeline.RecordedArtifact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a running step writes: metrics, log lines, artifacts and progress. Writes are upserts by key so a step that
 * runs twice replaces its outputs; each one bumps the run's revision so pollers see the change. A step's reports
 * carry its attempt and are fenced: one from an attempt that is no longer current changes nothing and is logged.
 */
@Service
@Transactional
public class RunRecorder {

    private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);

    private final PipelineRunRepository runs;
    private final TaskRunRepository tasks;
    private final RunMetricRepository metrics;
    private final RunArtifactRepository artifacts;
    private final TaskLogRepository logs;
    private final OutputParameters outputs;
    private final Clock clock;

    RunRecorder(PipelineRunRepository runs, TaskRunRepository tasks, RunMetricRepository metrics,
                RunArtifactRepository artifacts, TaskLogRepository logs, OutputParameters outputs, Clock clock) {
        this.outputs = outputs;
        this.runs = runs;
        this.tasks = tasks;
        this.metrics = metrics;
        this.artifacts = artifacts;
        this.logs = logs;
        this.clock = clock;
    }

    /**
     * A metric reported by attempt {@code attempt} of a running step; changes nothing (false) if that attempt is no
     * longer the task's current one (a stalled replica reporting after another took over).
     */
    public boolean metric(UUID runId, String task, int attempt, String key, Double number, String text,
                          Integer step) {
        if (!current(runId, task, attempt, "metric " + key)) {
            return false;
        }
        metric(runId, task, key, number, text, step);
        return true;
    }

    /** An output parameter of attempt {@code attempt} of a running step; a stale attempt's is not recorded (false). */
    public boolean outputParameter(UUID runId, String task, int attempt, String name, Object value) {
        if (!current(runId, task, attempt, "output parameter " + name)) {
            return false;
        }
        outputs.put(runId, task, name, value);
        return true;
    }

    /** A log line of attempt {@code attempt} of a running step; a stale attempt's line is not recorded (false). */
    public boolean log(UUID runId, String task, int attempt, String message) {
        if (!current(runId, task, attempt, "log line")) {
            return false;
        }
        note(runId, task, attempt, message);
        return true;
    }

    /** An output artifact of attempt {@code attempt} of a running step; empty if that attempt is stale. */
    public Optional<RecordedArtifact> artifact(UUID runId, String task, int attempt, String name, String type,
                                               String uri, Map<String, Object> metadata) {
        if (!current(runId, task, attempt, "artifact " + name)) {
            return Optional.empty();
        }
        return Optional.of(artifact(runId, task, name, type, uri, metadata));
    }

    /**
     * True if {@code attempt} is the task's current, running attempt. The task row stays locked until the report is
     * written, so a newer attempt cannot start (and clear the outputs) between the check and the write.
     */
    private boolean current(UUID runId, String task, int attempt, String what) {
        return currentTask(runId, task, attempt, what).isPresent();
    }

    private Optional<TaskRun> currentTask(UUID runId, String task, int attempt, String what) {
        Optional<TaskRun> locked = tasks.lockByRunIdAndName(runId, task);
        Optional<TaskRun> current = locked.filter(t -> t.attempt() == attempt && t.state() == TaskState.RUNNING);
        if (current.isEmpty()) {
            log.warn("Ignored {} from attempt {} of task {} of run {}: the task is now {}", what, attempt, task,
                    runId, locked.map(t -> t.state() + " at attempt " + t.attempt()).orElse("gone"));
        }
        return current;
    }

    public void metric(UUID runId, String task, String key, Double number, String text, Integer step) {
        RunMetric metric = (step == null
                ? metrics.findByRunIdAndTaskNameAndKeyAndStepIsNull(runId, task, key)
                : metrics.findByRunIdAndTaskNameAndKeyAndStep(runId, task, key, step))
                .orElseGet(() -> new RunMetric(runId, task, key, step));
        Instant now = clock.instant();
        metric.setValue(number, text, now);
        metrics.save(metric);
        runs.touch(runId, now);
    }

    /** A line written by the engine itself (attempt started, failed, cache hit...), whatever the task's state. */
    public void note(UUID runId, String task, int attempt, String message) {
        Instant now = clock.instant();
        logs.save(new TaskLogLine(runId, task, attempt, now, message));
        runs.touch(runId, now);
    }

    public RecordedArtifact artifact(UUID runId, String task, String name, String type, String uri,
                                     Map<String, Object> metadata) {
        RunArtifact artifact = artifacts.findByRunIdAndTaskNameAndName(runId, task, name)
                .orElseGet(() -> new RunArtifact(runId, task, name));
        Instant now = clock.instant();
        artifact.describe(type, uri, metadata, now);
        artifacts.save(artifact);
        runs.touch(runId, now);
        return new RecordedArtifact(task, name, type, uri, artifact.metadata());
    }

    /** Progress of attempt {@code attempt}; a stale attempt's progress changes nothing. */
    public void progress(UUID runId, String task, int attempt, double fraction, String message,
                         Map<String, Object> details) {
        currentTask(runId, task, attempt, "progress").ifPresent(taskRun -> {
            Instant now = clock.instant();
            taskRun.updateProgress(fraction, message, details, now);
            runs.touch(runId, now);
        });
    }

    @Transactional(readOnly = true)
    public List<RecordedArtifact> artifacts(UUID runId) {
        return artifacts.findByRunIdOrderById(runId).stream()
                .map(a -> new RecordedArtifact(a.taskName(), a.name(), a.type(), a.uri(), a.metadata()))
                .toList();
    }

    /** Marks a change below or on the run made elsewhere (the remote mirror), so that its ETag changes. */
    public void touch(UUID runId, Instant now) {
        runs.touch(runId, now);
    }

    /** Whether attempt {@code attempt} is still the task's running one: a stale attempt uploads nothing. */
    @Transactional(readOnly = true)
    public boolean isCurrentAttempt(UUID runId, String task, int attempt) {
        return tasks.findByRunIdAndName(runId, task)
                .filter(t -> t.attempt() == attempt && t.state() == TaskState.RUNNING).isPresent();
    }

    @Transactional(readOnly = true)
    public boolean cancelRequested(UUID runId) {
        return runs.findStateById(runId)
                .map(state -> state == RunState.CANCELLING || state == RunState.CANCELLED)
                .orElse(true);
    }

    /** Copies a task's artifacts (same uri, marked with their origin) and metrics from another run. */
    void copyTaskOutputs(UUID source, UUID target, String task) {
        clearTaskOutputs(target, task);
        outputs.copy(source, target, task);
        Instant now = clock.instant();
        for (RunArtifact from : artifacts.findByRunIdAndTaskNameOrderById(source, task)) {
            Map<String, Object> metadata = new java.util.LinkedHashMap<>(from.metadata() == null ? Map.of()
                    : from.metadata());
            metadata.put("cachedFromRun", source.toString());
            RunArtifact copy = new RunArtifact(target, task, from.name());
            copy.describe(from.type(), from.uri(), metadata, now);
            artifacts.save(copy);
        }
        for (RunMetric from : metrics.findByRunIdAndTaskNameOrderById(source, task)) {
            RunMetric copy = new RunMetric(target, task, from.key(), from.step());
            copy.setValue(from.numericValue(), from.textValue(), now);
            metrics.save(copy);
        }
        runs.touch(target, now);
    }

    @Transactional(readOnly = true)
    public List<RecordedArtifact> taskArtifacts(UUID runId, String task) {
        return artifacts.findByRunIdAndTaskNameOrderById(runId, task).stream()
                .map(a -> new RecordedArtifact(a.taskName(), a.name(), a.type(), a.uri(), a.metadata()))
                .toList();
    }

    /** A new attempt starts from nothing: what an earlier attempt of the task recorded is removed. */
    void clearTaskOutputs(UUID runId, String task) {
        outputs.clear(runId, task);
        metrics.deleteTaskMetrics(runId, task);
        artifacts.deleteTaskArtifacts(runId, task);
    }
}
