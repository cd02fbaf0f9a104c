package com.pipelines.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.pipelines.PipelinesProperties;
import com.pipelines.artifacts.ArtifactStorage;
import org.springframework.stereotype.Component;

/**
 * Where dataset bytes may come from: uploads (staged under {@code <data-dir>/uploads}), {@code file:} uris below an
 * allowed root ({@code <data-dir>/imports} and {@code pipelines.datasets.allowed-roots}; links are resolved before
 * the check), and {@code s3://} / {@code gs://} through the artifact storage.
 */
@Component
class DatasetSources {

    private final ArtifactStorage storage;
    private final List<Path> allowedRoots = new ArrayList<>();
    private final Path uploads;
    private final long limit;

    DatasetSources(ArtifactStorage storage, PipelinesProperties pipelines, DatasetsProperties properties) {
        this.storage = storage;
        this.uploads = pipelines.dataDir().toAbsolutePath().normalize().resolve("uploads");
        this.limit = properties.maxUploadSize().toBytes();
        allowedRoots.add(pipelines.dataDir().toAbsolutePath().normalize().resolve("imports"));
        properties.allowedRoots().forEach(root -> allowedRoots.add(root.toAbsolutePath().normalize()));
    }

    long limit() {
        return limit;
    }

    StagedSource upload(InputStream body, String source) throws IOException {
        return StagedSource.upload(body, limit, uploads, source);
    }

    StagedSource open(String uri) throws IOException {
        if (uri == null || uri.isBlank()) {
            throw DatasetException.invalid("sourceUri", "sourceUri is required (or upload the file)");
        }
        if (ArtifactStorage.isObjectUri(uri)) {
            ArtifactStorage.LocalFile copy;
            try {
                if (!storage.exists(uri)) {
                    throw DatasetException.unreadable(uri, "no such object or folder in its bucket");
                }
                copy = storage.lease(uri);
            } catch (DatasetException e) {
                throw e;
            } catch (RuntimeException e) {
                throw DatasetException.unreadable(uri, e.getMessage());
            }
            try {
                return StagedSource.inPlace(copy.path(), uri, limit, copy::close);
            } catch (IOException | RuntimeException e) {
                copy.close();
                throw e;
            }
        }
        Path path = localPath(uri);
        if (!Files.exists(path)) {
            throw DatasetException.unreadable(uri, "no such file or folder");
        }
        return StagedSource.inPlace(path, uri, limit, () -> { });
    }

    /** The bytes of one image a Vertex import file names. */
    byte[] read(String uri) {
        try {
            if (ArtifactStorage.isObjectUri(uri)) {
                try (ArtifactStorage.LocalFile copy = storage.lease(uri)) {
                    return Files.readAllBytes(copy.path());
                }
            }
            return Files.readAllBytes(localPath(uri));
        } catch (DatasetException e) {
            throw DatasetException.invalid("file", "Image " + uri + ": " + e.getBody().getDetail());
        } catch (IOException | UncheckedIOException e) {
            throw DatasetException.invalid("file", "Image " + uri + " cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            throw DatasetException.invalid("file", "Image " + uri + " cannot be read: " + e.getMessage());
        }
    }

    /** A {@code file:} uri's path, once it is known to lie below an allowed root (links resolved). */
    private Path localPath(String uri) {
        Path path;
        try {
            URI parsed = URI.create(uri);
            if (!"file".equals(parsed.getScheme())) {
                throw DatasetException.uriNotAllowed(uri, "must be file:, s3:// or gs://");
            }
            path = Path.of(parsed).toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) {
            throw DatasetException.uriNotAllowed(uri, "is not a valid uri (" + e.getMessage() + ")");
        }
        Path real;
        try {
            real = Files.exists(path) ? path.toRealPath() : path;
        } catch (IOException e) {
            throw DatasetException.unreadable(uri, e.getMessage());
        }
        for (Path root : allowedRoots) {
            Path realRoot = root;
            try {
                realRoot = Files.exists(root) ? root.toRealPath() : root;
            } catch (IOException ignored) {
                // compare as written
            }
            if (real.startsWith(realRoot)) {
                return real;
            }
        }
        throw DatasetException.uriNotAllowed(uri, "is outside the folders datasets may be read from " + allowedRoots
                + " (pipelines.datasets.allowed-roots)");
    }
}
