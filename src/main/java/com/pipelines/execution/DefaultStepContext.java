package com.pipelines.execution;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.pipelines.artifacts.ArtifactStore;
import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.pipeline.StepContext;
import com.pipelines.runs.RunRecorder;
import com.pipelines.runs.TaskStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step's view of its run. Progress is written at most every {@link #PROGRESS_INTERVAL_NANOS} and the cancel
 * flag read at most as often, so a step may call both per batch without loading the database.
 */
class DefaultStepContext implements StepContext {

    private static final Logger log = LoggerFactory.getLogger(DefaultStepContext.class);
    private static final long PROGRESS_INTERVAL_NANOS = 500_000_000L;
    private static final long CANCEL_CHECK_INTERVAL_NANOS = 200_000_000L;

    private final TaskStart start;
    private final RunRecorder recorder;
    private final ArtifactStore store;
    private long lastProgressWrite = System.nanoTime() - PROGRESS_INTERVAL_NANOS;
    private Runnable pendingProgress;
    private long lastCancelCheck = System.nanoTime() - CANCEL_CHECK_INTERVAL_NANOS;
    private boolean cancelRequested;

    DefaultStepContext(TaskStart start, RunRecorder recorder, ArtifactStore store) {
        this.start = start;
        this.recorder = recorder;
        this.store = store;
    }

    @Override
    public UUID runId() {
        return start.runId();
    }

    @Override
    public String pipelineName() {
        return start.pipelineName();
    }

    @Override
    public String pipelineRoot() {
        return start.pipelineRoot() != null ? start.pipelineRoot() : store.root().toString();
    }

    @Override
    public String taskName() {
        return start.task();
    }

    @Override
    public int attempt() {
        return start.attempt();
    }

    @Override
    public Map<String, Object> parameters() {
        return start.parameters();
    }

    @Override
    public Optional<RecordedArtifact> inputArtifact(String name) {
        return Optional.ofNullable(start.inputArtifacts().get(name));
    }

    @Override
    public void outputParameter(String name, Object value) {
        recorder.outputParameter(runId(), taskName(), attempt(), name, value);
    }

    /** The attempt's own staging location; published to {@code <task>/<name>} when the attempt completes. */
    @Override
    public Path outputPath(String artifactName) {
        return store.stagingOutputPath(start.pipelineRoot(), pipelineName(), runId(), taskName(), attempt(),
                artifactName);
    }

    /** Staged outputs are recorded under the uri they get once published. */
    @Override
    public RecordedArtifact recordArtifact(String name, String type, String uri, Map<String, Object> metadata) {
        String published = publishedUri(uri);
        return recorder.artifact(runId(), taskName(), attempt(), name, type, published, metadata)
                .orElseGet(() -> new RecordedArtifact(taskName(), name, type, published, metadata));
    }

    private String publishedUri(String uri) {
        Path staging = store.stagingDirectory(start.pipelineRoot(), pipelineName(), runId(), taskName(), attempt());
        String stagingUri = staging.toUri().toString();
        String prefix = stagingUri.endsWith("/") ? stagingUri : stagingUri + "/";
        if (uri == null || !uri.startsWith(prefix)) {
            return uri;
        }
        String task = staging.getParent().toUri().toString();
        return (task.endsWith("/") ? task : task + "/") + uri.substring(prefix.length());
    }

    @Override
    public void logMetric(String key, double value) {
        recorder.metric(runId(), taskName(), attempt(), key, value, null, null);
    }

    @Override
    public void logMetric(String key, String value) {
        recorder.metric(runId(), taskName(), attempt(), key, null, value, null);
    }

    @Override
    public void logMetric(String key, double value, int step) {
        recorder.metric(runId(), taskName(), attempt(), key, value, null, step);
    }

    @Override
    public void log(String message) {
        log.info("[{} {}] {}", runId(), taskName(), message);
        recorder.log(runId(), taskName(), attempt(), message);
    }

    @Override
    public void reportProgress(double fraction, String message, Map<String, Object> details) {
        pendingProgress = () -> recorder.progress(runId(), taskName(), attempt(), fraction, message, details);
        long now = System.nanoTime();
        if (now - lastProgressWrite >= PROGRESS_INTERVAL_NANOS) {
            flushProgress();
        }
    }

    void flushProgress() {
        if (pendingProgress != null) {
            pendingProgress.run();
            pendingProgress = null;
            lastProgressWrite = System.nanoTime();
        }
    }

    @Override
    public boolean isCancelRequested() {
        long now = System.nanoTime();
        if (!cancelRequested && now - lastCancelCheck >= CANCEL_CHECK_INTERVAL_NANOS) {
            cancelRequested = recorder.cancelRequested(runId());
            lastCancelCheck = now;
        }
        return cancelRequested;
    }
}
