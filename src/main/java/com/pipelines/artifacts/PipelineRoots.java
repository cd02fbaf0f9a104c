package com.pipelines.artifacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.pipelines.PipelinesProperties;
import com.pipelines.pipeline.StepFailedException;

/**
 * The server's pipeline root, checked at startup, and each run's {@code pipelineRoot}, as PipelineJob's
 * {@code pipeline_root}: a local folder, {@code s3://bucket/prefix} or {@code gs://bucket/prefix}. A run's root must
 * lie below the server's or one of {@code pipelines.allowed-pipeline-roots}, so that a request can neither make the
 * service write anywhere on its disk nor name a bucket the operator did not allow.
 */
public class PipelineRoots {

    public static final String GCS_SCHEME = "gs://";
    static final String PROPERTY = "pipelines.pipeline-root";

    private final String serverRoot;
    private final List<Path> allowedFolders = new ArrayList<>();
    private final List<ObjectLocation> allowedObjects = new ArrayList<>();

    PipelineRoots(PipelinesProperties properties, ArtifactStorage storage) {
        this.serverRoot = checked(properties.serverPipelineRoot(), PROPERTY, storage);
        allow(serverRoot);
        for (String allowed : properties.allowedPipelineRootsOrEmpty()) {
            allow(checkedSyntax(allowed, "pipelines.allowed-pipeline-roots"));
        }
    }

    public String serverDefault() {
        return serverRoot;
    }

    /** The canonical form of a requested root (no trailing slash), or the server's root when none is given. */
    public String normalize(String requested) {
        if (requested == null) {
            return serverDefault();
        }
        if (ObjectLocation.isObjectUri(requested)) {
            ObjectLocation location;
            try {
                location = ObjectLocation.parse(requested);
            } catch (IllegalArgumentException e) {
                throw ArtifactException.invalidRoot(requested, "is not a valid " + requested.substring(0, 5)
                        + "bucket/path: " + e.getMessage());
            }
            if (allowedObjects.stream().noneMatch(allowed -> allowed.contains(location))) {
                throw ArtifactException.invalidRoot(requested, "names a bucket or path the operator did not allow: "
                        + "it must lie below " + serverRoot + " or a root listed in pipelines.allowed-pipeline-roots");
            }
            return location.toString();
        }
        if (requested.contains("://")) {
            throw ArtifactException.invalidRoot(requested, "must be a local folder, s3://bucket/path or "
                    + "gs://bucket/path");
        }
        Path path;
        try {
            path = Path.of(requested);
        } catch (InvalidPathException e) {
            throw ArtifactException.invalidRoot(requested, "is not a valid path");
        }
        if (!path.isAbsolute()) {
            throw ArtifactException.invalidRoot(requested, "must be an absolute path, s3://bucket/path or "
                    + "gs://bucket/path");
        }
        Path normalized = path.normalize();
        if (allowedFolders.stream().noneMatch(normalized::startsWith)) {
            throw ArtifactException.invalidRoot(requested, "must lie below " + serverRoot
                    + " or a root listed in pipelines.allowed-pipeline-roots");
        }
        return normalized.toString();
    }

    public static boolean isGcs(String root) {
        return root != null && root.startsWith(GCS_SCHEME);
    }

    private void allow(String root) {
        if (ObjectLocation.isObjectUri(root)) {
            allowedObjects.add(ObjectLocation.parse(root));
        } else {
            allowedFolders.add(Path.of(root).toAbsolutePath().normalize());
        }
    }

    /** A root the service cannot use stops it at startup, with the property and what to do. */
    private static String checked(String root, String property, ArtifactStorage storage) {
        String valid = checkedSyntax(root, property);
        if (ObjectLocation.isObjectUri(valid)) {
            try {
                storage.checkBucket(valid);
            } catch (StepFailedException e) {
                throw new IllegalStateException(property + "=" + root + " cannot be used: " + e.getMessage(), e);
            }
            return valid;
        }
        Path folder = Path.of(valid);
        try {
            Files.createDirectories(folder);
        } catch (IOException | SecurityException e) {
            throw new IllegalStateException(property + "=" + root + " cannot be used: the folder cannot be created ("
                    + e + "). Point it at a writable folder.", e);
        }
        if (!Files.isWritable(folder)) {
            throw new IllegalStateException(property + "=" + root + " cannot be used: the folder is not writable "
                    + "by this process. Point it at a writable folder, or fix its permissions.");
        }
        return valid;
    }

    private static String checkedSyntax(String root, String property) {
        if (ObjectLocation.isObjectUri(root)) {
            try {
                return ObjectLocation.parse(root).toString();
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(property + "=" + root + " cannot be used: " + e.getMessage(), e);
            }
        }
        if (PipelinesProperties.hasScheme(root)) {
            throw new IllegalStateException(property + "=" + root + " cannot be used: unknown scheme '"
                    + root.substring(0, root.indexOf(':')) + ":'. Use a local folder, s3://bucket/prefix or "
                    + "gs://bucket/prefix.");
        }
        try {
            return Path.of(root).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            throw new IllegalStateException(property + "=" + root + " cannot be used: " + e.getMessage(), e);
        }
    }
}
