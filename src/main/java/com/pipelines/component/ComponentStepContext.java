package com.pipelines.component;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.pipelines.artifacts.ArtifactStore;
import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.pipeline.StepContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A step's context in command-line mode: parameters and inputs from the command line, outputs written where the
 * options say (staged in a temporary folder and uploaded when that is a gs:// uri), logs, metrics and progress
 * printed to standard output for the pipeline engine's log.
 */
class ComponentStepContext implements StepContext {

    private static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;

    private final ComponentInvocation invocation;
    private final PrintStream out;
    private final ArtifactStorage storage;
    private final JsonMapper json;
    private final Map<String, Path> written = new LinkedHashMap<>();
    private final Map<String, RecordedArtifact> recorded = new LinkedHashMap<>();
    private final Map<String, Object> metrics = new LinkedHashMap<>();
    private final Map<String, Object> outputParameters = new LinkedHashMap<>();
    private Path staging;
    private long lastProgress = System.nanoTime() - PROGRESS_INTERVAL_NANOS;

    ComponentStepContext(ComponentInvocation invocation, PrintStream out, ArtifactStorage storage, JsonMapper json) {
        this.invocation = invocation;
        this.out = out;
        this.storage = storage;
        this.json = json;
    }

    @Override
    public UUID runId() {
        return invocation.runId();
    }

    @Override
    public String pipelineName() {
        return invocation.pipeline().name();
    }

    @Override
    public String taskName() {
        return invocation.step().name();
    }

    @Override
    public String pipelineRoot() {
        return invocation.pipelineRoot();
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public Path localCopy(RecordedArtifact artifact) {
        return storage.fetch(artifact.uri());
    }

    @Override
    public Map<String, Object> parameters() {
        return invocation.parameters();
    }

    @Override
    public Optional<RecordedArtifact> inputArtifact(String name) {
        return Optional.ofNullable(invocation.inputs().get(name));
    }

    @Override
    public List<RecordedArtifact> inputArtifactList(String name) {
        return invocation.inputLists().getOrDefault(name, List.of());
    }

    @Override
    public Path outputPath(String artifactName) {
        String location = invocation.outputs().get(artifactName);
        try {
            Path path = location == null || ArtifactStorage.isObjectUri(location)
                    ? staging().resolve(artifactName) : Path.of(location).toAbsolutePath();
            ArtifactStore.deleteRecursively(path);
            Files.createDirectories(path.getParent());
            written.put(artifactName, path);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the output " + artifactName, e);
        }
    }

    @Override
    public RecordedArtifact recordArtifact(String name, String type, String uri, Map<String, Object> metadata) {
        Path path = written.get(name);
        String location = invocation.outputs().get(name);
        boolean isOutputFile = path != null && (uri.equals(path.toUri().toString()) || uri.equals(path.toString()));
        String finalUri = isOutputFile && location != null ? location : uri;
        RecordedArtifact artifact = new RecordedArtifact(taskName(), name, type, finalUri, Map.copyOf(metadata));
        recorded.put(name, artifact);
        out.println("artifact " + name + " (" + type + "): " + finalUri);
        return artifact;
    }

    @Override
    public void outputParameter(String name, Object value) {
        outputParameters.put(name, value);
        out.println("output " + name + " = " + value);
    }

    Map<String, Object> outputParameters() {
        return outputParameters;
    }

    @Override
    public void logMetric(String key, double value) {
        metrics.put(key, value);
        out.println("metric " + key + " = " + value);
    }

    @Override
    public void logMetric(String key, String value) {
        metrics.put(key, value);
        out.println("metric " + key + " = " + value);
    }

    @Override
    public void logMetric(String key, double value, int step) {
        out.println("metric " + key + " [" + step + "] = " + value);
    }

    @Override
    public void log(String message) {
        out.println(Instant.now() + " " + message);
    }

    @Override
    public void reportProgress(double fraction, String message, Map<String, Object> details) {
        long now = System.nanoTime();
        if (fraction >= 1 || now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
            lastProgress = now;
            out.printf("progress %.0f%% %s%n", fraction * 100, message == null ? "" : message);
        }
    }

    @Override
    public boolean isCancelRequested() {
        return false;
    }

    @Override
    public boolean standalone() {
        return true;
    }

    Map<String, RecordedArtifact> recorded() {
        return recorded;
    }

    Map<String, Object> metrics() {
        return metrics;
    }

    /**
     * After the step: uploads outputs bound for gs://; an output the engine asked for that the step recorded
     * without writing a file (a resource name) is written as a small JSON file naming it.
     */
    void publishOutputs() throws IOException {
        for (Map.Entry<String, String> output : invocation.outputs().entrySet()) {
            String name = output.getKey();
            String location = output.getValue();
            Path path = written.get(name);
            RecordedArtifact artifact = recorded.get(name);
            if (path == null && artifact != null) {
                OutputLocation.write(location, json.writeValueAsBytes(Map.of("uri", artifact.uri(),
                        "metadata", artifact.metadata())), storage);
            } else if (path != null && ArtifactStorage.isObjectUri(location)) {
                out.println("Uploading " + name + " to " + location);
                if (Files.isDirectory(path)) {
                    storage.put(path, location);
                } else {
                    storage.put(path, location);
                }
            }
        }
    }

    void cleanUp() throws IOException {
        if (staging != null) {
            ArtifactStore.deleteRecursively(staging);
        }
    }

    private Path staging() throws IOException {
        if (staging == null) {
            staging = Files.createTempDirectory("pipelines-component-");
        }
        return staging;
    }
}
