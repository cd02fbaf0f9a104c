package com.pipelines.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.pipelines.pipeline.StepFailedException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Copies artifacts to a {@code gs://} pipeline root with the Cloud Storage client. */
@Component
public class GcsArtifacts {

    private final ObjectProvider<Storage> storage;

    GcsArtifacts(ObjectProvider<Storage> storage) {
        this.storage = storage;
    }

    /**
     * Uploads a folder's files below {@code gs://bucket/prefix/}, replacing whatever an earlier attempt left there,
     * and returns that folder's uri (with a trailing slash, as Vertex AI's artifact_uri expects).
     */
    public String uploadDirectory(Path directory, String gsFolder) {
        GcsLocation target = GcsLocation.parse(gsFolder);
        Storage gcs = storage.getObject();
        try (Stream<Path> walk = Files.walk(directory)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Blob stale : gcs.list(target.bucket(), Storage.BlobListOption.prefix(target.prefix() + "/"))
                    .iterateAll()) {
                gcs.delete(stale.getBlobId());
            }
            for (Path file : files) {
                String relative = directory.relativize(file).toString().replace('\\', '/');
                BlobInfo blob = BlobInfo.newBuilder(BlobId.of(target.bucket(), target.prefix() + "/" + relative))
                        .build();
                gcs.create(blob, Files.readAllBytes(file));
            }
            return "gs://" + target.bucket() + "/" + target.prefix() + "/";
        } catch (StorageException e) {
            throw failure(gsFolder, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + directory, e);
        }
    }

    /** Uploads one file to {@code gs://bucket/object}, replacing it; returns that uri. */
    public String uploadFile(Path file, String gsUri) {
        try {
            return uploadBytes(Files.readAllBytes(file), gsUri);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Writes {@code content} as the object {@code gs://bucket/object}, replacing it; returns that uri. */
    public String uploadBytes(byte[] content, String gsUri) {
        GcsLocation target = GcsLocation.parse(gsUri);
        try {
            storage.getObject().create(BlobInfo.newBuilder(BlobId.of(target.bucket(), target.prefix())).build(),
                    content);
            return "gs://" + target.bucket() + "/" + target.prefix();
        } catch (StorageException e) {
            throw failure(gsUri, e);
        }
    }

    private static StepFailedException failure(String uri, StorageException e) {
        return switch (e.getCode()) {
            case 401, 403 -> StepFailedException.permanent("Cloud Storage refused to write " + uri + ": "
                    + e.getMessage() + ". Grant the service's credentials roles/storage.objectAdmin on the bucket.");
            case 404 -> StepFailedException.permanent("Cloud Storage bucket of " + uri + " does not exist ("
                    + e.getMessage() + "). Create it, or set pipelineRoot to an existing bucket.");
            default -> StepFailedException.transientFailure("Cloud Storage failed to write " + uri + ": "
                    + e.getMessage(), e);
        };
    }

    record GcsLocation(String bucket, String prefix) {

        static GcsLocation parse(String uri) {
            if (!uri.startsWith(PipelineRoots.GCS_SCHEME)) {
                throw new IllegalArgumentException("Not a gs:// uri: " + uri);
            }
            String rest = uri.substring(PipelineRoots.GCS_SCHEME.length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            while (prefix.endsWith("/")) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }
            return new GcsLocation(bucket, prefix);
        }
    }
}
