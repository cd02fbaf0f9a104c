package com.pipelines.pipeline;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What a running step may see and do: its parameters, its inputs, logging, metrics, artifacts and progress. */
public interface StepContext {

    UUID runId();

    String pipelineName();

    /** The API key that started the run; null without keys (and in the command-line mode). */
    default String createdBy() {
        return null;
    }

    String taskName();

    /** The run's pipeline root: a local folder or {@code gs://bucket/path}. */
    String pipelineRoot();

    int attempt();

    /** The run's resolved parameter values (defaults filled in), as validated at submission. */
    Map<String, Object> parameters();

    default String stringParameter(String name) {
        Object value = parameters().get(name);
        return value == null ? null : value.toString();
    }

    default Optional<Long> longParameter(String name) {
        Object value = parameters().get(name);
        return value == null ? Optional.empty() : Optional.of(((Number) value).longValue());
    }

    default Optional<Double> doubleParameter(String name) {
        Object value = parameters().get(name);
        return value == null ? Optional.empty() : Optional.of(((Number) value).doubleValue());
    }

    /** An artifact recorded by an earlier step of this run, by name. */
    Optional<RecordedArtifact> inputArtifact(String name);

    /** A List[Artifact] input (the artifacts a loop collected, in item order); empty when none was wired. */
    default java.util.List<RecordedArtifact> inputArtifactList(String name) {
        return java.util.List.of();
    }

    /**
     * A local path with an input artifact's content: a local artifact's own file or folder; an object-store one
     * ({@code s3://}, {@code gs://}) fetched to a local copy (once per version of its objects).
     */
    Path localCopy(RecordedArtifact artifact);

    /**
     * The local location for one of this task's output artifacts, fresh, its parent folder existing. In the
     * service it is the attempt's own staging place ({@code <root>/<pipeline>/<runId>/<task>/.attempt-<n>/<name>},
     * below the run's pipeline root when that is a local folder, else below the server's), moved to
     * {@code <task>/<name>} when the attempt completes as the current one; record the artifact with the uri of this
     * path and it is recorded under its published uri.
     */
    Path outputPath(String artifactName);

    /** Records (or replaces) an output artifact of this task. */
    RecordedArtifact recordArtifact(String name, String type, String uri, Map<String, Object> metadata);

    /** An output parameter of this task, which later tasks and conditions may read (a KFP component's return value). */
    void outputParameter(String name, Object value);

    /** A final metric, as the seed's {@code metrics.log_metric(key, value)}. */
    void logMetric(String key, double value);

    void logMetric(String key, String value);

    /** One point of a metric's history, e.g. per-epoch loss. */
    void logMetric(String key, double value, int step);

    /** A line of the step's own log, as the seed's {@code print(...)}. */
    void log(String message);

    /** Progress, fraction 0–1; details are free-form figures (epoch, batch, samples/s, ETA...). Cheap to call often. */
    void reportProgress(double fraction, String message, Map<String, Object> details);

    /**
     * True when the step runs alone in command-line mode (as a pipeline component container), without this
     * service's database, registry or endpoints.
     */
    default boolean standalone() {
        return false;
    }

    /** True once the run has been asked to cancel; a step checks it at its safe points. */
    boolean isCancelRequested();

    /** Throws {@link StepCancelledException} if the run has been asked to cancel. */
    default void checkCancelled() {
        if (isCancelRequested()) {
            throw new StepCancelledException(taskName());
        }
    }
}
