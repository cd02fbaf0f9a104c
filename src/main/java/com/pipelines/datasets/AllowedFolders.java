package com.pipelines.datasets;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.pipelines.PipelinesProperties;

/**
 * The folders a {@code file:} uri a request names may lie below. Links are resolved before the check (for a path
 * that does not exist yet, its nearest existing folder's), so a link inside an allowed folder cannot lead out of it.
 */
public final class AllowedFolders {

    private final List<Path> roots;

    public AllowedFolders(List<Path> roots) {
        this.roots = roots.stream().map(root -> real(root.toAbsolutePath().normalize())).toList();
    }

    /**
     * Where a request may name a model or instances to read, and a batch job's output: the pipeline root, the data
     * folder's {@code imports} and the configured dataset roots.
     */
    public static AllowedFolders forModelsAndBatches(PipelinesProperties pipelines, DatasetsProperties datasets) {
        List<Path> roots = new ArrayList<>(List.of(pipelines.resolvedPipelineRoot(),
                pipelines.dataDir().toAbsolutePath().normalize().resolve("imports")));
        roots.addAll(datasets.allowedRoots());
        return new AllowedFolders(roots);
    }

    public List<Path> roots() {
        return roots;
    }

    /** The real path of a {@code file:} uri below one of the folders; otherwise an exception saying why. */
    public Path resolve(String uri) {
        Path path;
        try {
            URI parsed = URI.create(uri);
            if (!"file".equals(parsed.getScheme())) {
                throw new IllegalArgumentException("must be file:, s3:// or gs://");
            }
            path = Path.of(parsed).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new IllegalArgumentException(e.getMessage() != null && e.getMessage().startsWith("must be")
                    ? e.getMessage() : "is not a valid uri (" + e.getMessage() + ")");
        }
        Path real = real(path);
        if (roots.stream().noneMatch(real::startsWith)) {
            throw new IllegalArgumentException("is outside the folders this service may read and write " + roots);
        }
        return real;
    }

    private static Path real(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path));
        } catch (IOException e) {
            return path;
        }
    }
}
