package com.pipelines.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.pipelines.PipelinesProperties;
import org.springframework.stereotype.Component;

/**
 * The local artifact tree: {@code <pipeline_root>/<pipelineName>/<runId>/<task>/<artifact>}. Every path it hands
 * out is checked to stay below the root. A run whose root is an object store stages its outputs here too, below
 * the server's local folder, and {@link ArtifactStorage} uploads them to the same layout in the bucket.
 */
@Component
public class ArtifactStore {

    /** A task, pipeline or artifact name; a loop iteration's task ends in its index, {@code train[3]}. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}(\\[[0-9]{1,4}])?");

    private final Path root;
    private final PipelineRoots roots;

    ArtifactStore(PipelinesProperties properties, PipelineRoots roots) {
        this.root = properties.resolvedPipelineRoot();
        this.roots = roots;
    }

    public Path root() {
        return root;
    }

    /** The root a run writes to: its own, or the server's (a local folder or an object store). */
    public String effectiveRoot(String runRoot) {
        return runRoot != null ? runRoot : roots.serverDefault();
    }

    /** True when the run's outputs go to an object store: staged here, uploaded, recorded with their object uri. */
    public boolean uploads(String runRoot) {
        return ArtifactStorage.isObjectUri(effectiveRoot(runRoot));
    }

    /**
     * Where an output goes in the run's object-store root: {@code <root>/<pipeline>/<runId>/<task>/attempt-<n>/
     * <relative>}. Keys per attempt (as Vertex AI keys outputs per task execution): an attempt that stalled and was
     * replaced can never mix its objects with, or delete, the current attempt's; the run records only the current's.
     */
    public String objectUri(String runRoot, String pipelineName, UUID runId, String task, int attempt,
                            String relative) {
        return effectiveRoot(runRoot) + "/" + safe(pipelineName) + "/" + runId + "/" + safe(task) + "/attempt-"
                + attempt + "/" + relative;
    }

    public Path taskDirectory(String pipelineName, UUID runId, String task) {
        return taskDirectory(root, pipelineName, runId, task);
    }

    /**
     * The local folder a run's task writes to. A run whose pipeline root is a local folder writes there (it was
     * checked against the allowed roots at submission); any other run (no root, or an object-store root, whose
     * outputs are staged here before upload) writes below the server's local folder.
     */
    public Path taskDirectory(String runRoot, String pipelineName, UUID runId, String task) {
        Path base = runRoot == null || ArtifactStorage.isObjectUri(runRoot) ? root : Path.of(runRoot);
        return taskDirectory(base, pipelineName, runId, task);
    }

    private Path taskDirectory(Path base, String pipelineName, UUID runId, String task) {
        return inside(base, base.resolve(safe(pipelineName)).resolve(runId.toString()).resolve(safe(task)));
    }

    /**
     * Where attempt {@code attempt} of a task writes an output: {@code <task>/.attempt-<n>/<artifact>}, fresh. Only
     * {@link #publishAttempt} moves it to the task's folder, once the attempt is known to be the current one, so an
     * attempt that stalled and was replaced never touches the files of the attempt that replaced it.
     */
    public Path stagingOutputPath(String runRoot, String pipelineName, UUID runId, String task, int attempt,
                                  String artifact) {
        Path staging = stagingDirectory(runRoot, pipelineName, runId, task, attempt);
        Path path = inside(staging, staging.resolve(safe(artifact)));
        try {
            deleteRecursively(path);
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + path, e);
        }
        return path;
    }

    public Path stagingDirectory(String runRoot, String pipelineName, UUID runId, String task, int attempt) {
        Path directory = taskDirectory(runRoot, pipelineName, runId, task);
        return directory.resolve(".attempt-" + attempt);
    }

    /**
     * Moves what the attempt staged into the task's folder, replacing what an earlier attempt published there. An
     * object-store run's outputs were uploaded before the attempt completed; its staging is simply discarded.
     */
    public void publishAttempt(String runRoot, String pipelineName, UUID runId, String task, int attempt) {
        if (uploads(runRoot)) {
            return;
        }
        Path staging = stagingDirectory(runRoot, pipelineName, runId, task, attempt);
        if (!Files.isDirectory(staging)) {
            return;
        }
        try (Stream<Path> outputs = Files.list(staging)) {
            for (Path output : outputs.toList()) {
                Path target = staging.getParent().resolve(output.getFileName());
                deleteRecursively(target);
                Files.move(output, target, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.delete(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot publish the outputs of attempt " + attempt + " in " + staging, e);
        }
    }

    /** Deletes what a failed, cancelled or stale attempt staged. */
    public void discardAttempt(String runRoot, String pipelineName, UUID runId, String task, int attempt) {
        Path staging = stagingDirectory(runRoot, pipelineName, runId, task, attempt);
        try {
            deleteRecursively(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + staging, e);
        }
    }

    /** Resolves a path relative to the root, refusing anything that would escape it. */
    public Path resolve(String relative) {
        return inside(root.resolve(relative));
    }

    /**
     * Everywhere a run's files are: its local folder (its outputs, or an object-store run's staging) and, for an
     * object-store run, its folder in the bucket — as uris, for deleting the run.
     */
    public java.util.List<String> runFolders(String runRoot, String pipelineName, UUID runId) {
        java.util.List<String> folders = new java.util.ArrayList<>();
        folders.add(taskDirectory(runRoot, pipelineName, runId, "x").getParent().toUri().toString());
        if (uploads(runRoot)) {
            folders.add(effectiveRoot(runRoot) + "/" + safe(pipelineName) + "/" + runId);
        }
        return folders;
    }

    /** The local path of an artifact uri: a {@code file:} uri, or a plain path. */
    public static Path localPath(String uri) {
        return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
    }

    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Path inside(Path path) {
        return inside(root, path);
    }

    private static Path inside(Path base, Path path) {
        Path normalized = path.toAbsolutePath().normalize();
        if (!normalized.startsWith(base.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("Path escapes the pipeline root: " + path);
        }
        return normalized;
    }

    private static String safe(String name) {
        if (name == null || !SAFE_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("Not a safe artifact path element: " + name);
        }
        return name;
    }
}
