package com.pipelines.artifacts;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import com.pipelines.PipelinesProperties;
import org.springframework.stereotype.Component;

/**
 * Checks and normalises a run's {@code pipelineRoot}, as PipelineJob's {@code pipeline_root}: {@code gs://bucket/path}
 * or a local folder. A local folder must lie below the server's pipeline root or one of
 * {@code pipelines.allowed-pipeline-roots}, so that a request cannot make the service write anywhere on its disk.
 */
@Component
public class PipelineRoots {

    public static final String GCS_SCHEME = "gs://";
    private static final Pattern GCS_ROOT = Pattern.compile(
            "gs://[a-z0-9][a-z0-9._-]{1,220}[a-z0-9](/[A-Za-z0-9_.=~@+-]+)*/?");

    private final Path serverRoot;
    private final List<Path> allowed;

    PipelineRoots(PipelinesProperties properties) {
        this.serverRoot = properties.resolvedPipelineRoot();
        this.allowed = properties.allowedPipelineRootsOrEmpty().stream()
                .map(p -> p.toAbsolutePath().normalize()).toList();
    }

    public String serverDefault() {
        return serverRoot.toString();
    }

    /** The canonical form of a requested root (no trailing slash), or the server's root when none is given. */
    public String normalize(String requested) {
        if (requested == null) {
            return serverDefault();
        }
        if (requested.startsWith(GCS_SCHEME)) {
            if (!GCS_ROOT.matcher(requested).matches() || requested.contains("/../") || requested.endsWith("/..")) {
                throw ArtifactException.invalidRoot(requested, "is not a valid gs://bucket/path");
            }
            return requested.endsWith("/") ? requested.substring(0, requested.length() - 1) : requested;
        }
        if (requested.contains("://")) {
            throw ArtifactException.invalidRoot(requested, "must be a local folder or gs://bucket/path");
        }
        Path path;
        try {
            path = Path.of(requested);
        } catch (InvalidPathException e) {
            throw ArtifactException.invalidRoot(requested, "is not a valid path");
        }
        if (!path.isAbsolute()) {
            throw ArtifactException.invalidRoot(requested, "must be an absolute path or gs://bucket/path");
        }
        Path normalized = path.normalize();
        boolean permitted = normalized.startsWith(serverRoot) || allowed.stream().anyMatch(normalized::startsWith);
        if (!permitted) {
            throw ArtifactException.invalidRoot(requested, "must lie below " + serverRoot
                    + " or a folder listed in pipelines.allowed-pipeline-roots");
        }
        return normalized.toString();
    }

    public static boolean isGcs(String root) {
        return root != null && root.startsWith(GCS_SCHEME);
    }
}
