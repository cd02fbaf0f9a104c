package com.pipelines.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
    private final AllowedFolders folders;
    private final Path uploads;
    private final long limit;

    DatasetSources(ArtifactStorage storage, PipelinesProperties pipelines, DatasetsProperties properties) {
        this.storage = storage;
        this.uploads = pipelines.dataDir().toAbsolutePath().normalize().resolve("uploads");
        this.limit = properties.maxUploadSize().toBytes();
        List<Path> roots = new ArrayList<>();
        roots.add(pipelines.dataDir().toAbsolutePath().normalize().resolve("imports"));
        roots.addAll(properties.allowedRoots());
        this.folders = new AllowedFolders(roots);
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
        try {
            return folders.resolve(uri);
        } catch (IllegalArgumentException e) {
            throw DatasetException.uriNotAllowed(uri, e.getMessage() + " (pipelines.datasets.allowed-roots)");
        }
    }
}
