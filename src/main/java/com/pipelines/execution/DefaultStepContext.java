package com.pipelines.execution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.pipelines.artifacts.ArtifactStorage;
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
    private final ArtifactStorage storage;
    /** An object-store run's outputs, recorded only once uploaded (write, then record). */
    private final Map<String, Output> unrecorded = new LinkedHashMap<>();
    private long lastProgressWrite = System.nanoTime() - PROGRESS_INTERVAL_NANOS;
    private Runnable pendingProgress;
    private long lastCancelCheck = System.nanoTime() - CANCEL_CHECK_INTERVAL_NANOS;
    private boolean cancelRequested;
    private volatile boolean timedOut;

    private record Output(String name, String type, String uri, Map<String, Object> metadata, Path staged) {
    }

    DefaultStepContext(TaskStart start, RunRecorder recorder, ArtifactStore store, ArtifactStorage storage) {
        this.start = start;
        this.recorder = recorder;
        this.store = store;
        this.storage = storage;
    }

    @Override
    public UUID runId() {
        return start.runId();
    }

    @Override
    public String createdBy() {
        return start.createdBy();
    }

    @Override
    public String pipelineName() {
        return start.pipelineName();
    }

    @Override
    public String pipelineRoot() {
        return store.effectiveRoot(start.pipelineRoot());
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
    public java.util.List<RecordedArtifact> inputArtifactList(String name) {
        return start.inputArtifactLists().getOrDefault(name, java.util.List.of());
    }

    /** Local copies read by this attempt: pinned (never deleted under the step) until it ends. */
    private final java.util.List<ArtifactStorage.LocalFile> leases = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Path localCopy(RecordedArtifact artifact) {
        ArtifactStorage.LocalFile lease = storage.lease(artifact.uri());
        leases.add(lease);
        return lease.path();
    }

    /** The attempt ended: its local copies may go when the budget needs the room. */
    void releaseCopies() {
        leases.forEach(ArtifactStorage.LocalFile::close);
        leases.clear();
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

    /**
     * Staged outputs are recorded under the uri they get once published. An object-store run's are recorded after
     * {@link #uploadOutputs} has written them, so that no run ever records a half-uploaded output.
     */
    @Override
    public RecordedArtifact recordArtifact(String name, String type, String uri, Map<String, Object> metadata) {
        String staged = stagedPath(uri);
        if (store.uploads(start.pipelineRoot())) {
            String relative = staged == null ? null : staged.replaceAll("/+$", "");
            Path local = relative == null ? null : stagingDirectory().resolve(relative);
            String target = relative == null ? uri : store.objectUri(start.pipelineRoot(), pipelineName(), runId(),
                    taskName(), attempt(), relative) + (Files.isDirectory(local) ? "/" : "");
            unrecorded.put(name, new Output(name, type, target, metadata, local));
            return new RecordedArtifact(taskName(), name, type, target, metadata);
        }
        String published = staged == null ? uri : taskUri() + staged;
        return recorder.artifact(runId(), taskName(), attempt(), name, type, published, metadata)
                .orElseGet(() -> new RecordedArtifact(taskName(), name, type, published, metadata));
    }

    /**
     * Uploads an object-store run's staged outputs, then records them; a failed upload records nothing. An attempt
     * that is no longer the current one (another replica took over) uploads nothing; its completion is refused.
     */
    void uploadOutputs() {
        if (!unrecorded.isEmpty() && !recorder.isCurrentAttempt(runId(), taskName(), attempt())) {
            log.warn("Attempt {} of {} of run {} is stale: its outputs are not uploaded", attempt(), taskName(),
                    runId());
            unrecorded.clear();
            return;
        }
        for (Output output : unrecorded.values()) {
            if (output.staged() != null && Files.exists(output.staged())) {
                log("Uploading " + output.name() + " to " + output.uri());
                storage.put(output.staged(), output.uri());
            }
        }
        for (Output output : unrecorded.values()) {
            recorder.artifact(runId(), taskName(), attempt(), output.name(), output.type(), output.uri(),
                    output.metadata());
        }
        unrecorded.clear();
    }

    private Path stagingDirectory() {
        return store.stagingDirectory(start.pipelineRoot(), pipelineName(), runId(), taskName(), attempt());
    }

    /** The uri of a staged output relative to the attempt's staging folder (as given), or null. */
    private String stagedPath(String uri) {
        String stagingUri = stagingDirectory().toUri().toString();
        String prefix = stagingUri.endsWith("/") ? stagingUri : stagingUri + "/";
        if (uri == null || !uri.startsWith(prefix) || uri.length() == prefix.length()) {
            return null;
        }
        return uri.substring(prefix.length());
    }

    private String taskUri() {
        String task = stagingDirectory().getParent().toUri().toString();
        return task.endsWith("/") ? task : task + "/";
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

    /** The attempt passed its time limit: the step is asked to stop as if cancelled. */
    void timeOut() {
        timedOut = true;
    }

    boolean timedOut() {
        return timedOut;
    }

    @Override
    public boolean isCancelRequested() {
        if (timedOut) {
            return true;
        }
        long now = System.nanoTime();
        if (!cancelRequested && now - lastCancelCheck >= CANCEL_CHECK_INTERVAL_NANOS) {
            cancelRequested = recorder.cancelRequested(runId());
            lastCancelCheck = now;
        }
        return cancelRequested;
    }
}
