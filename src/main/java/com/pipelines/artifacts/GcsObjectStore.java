package com.pipelines.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.pipelines.pipeline.StepFailedException;
import org.springframework.beans.factory.ObjectProvider;

/** Cloud Storage through google-cloud-storage, with Application Default Credentials. */
class GcsObjectStore implements ObjectStore {

    private final ObjectProvider<Storage> storage;

    GcsObjectStore(ObjectProvider<Storage> storage) {
        this.storage = storage;
    }

    @Override
    public String scheme() {
        return "gs";
    }

    @Override
    public void put(ObjectLocation object, Path file) {
        call(object.bucket(), "write " + object, () -> {
            // Streamed from the file through the resumable writer: never the whole object in memory.
            try (com.google.cloud.WriteChannel writer = storage.getObject().writer(BlobInfo.newBuilder(
                    BlobId.of(object.bucket(), object.key())).build());
                 java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(file)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 20);
                while (in.read(buffer) >= 0 || buffer.position() > 0) {
                    buffer.flip();
                    writer.write(buffer);
                    buffer.compact();
                }
                return null;
            } catch (IOException e) {
                if (e.getCause() instanceof StorageException refused) {
                    throw refused;
                }
                throw new UncheckedIOException("Cannot upload " + file, e);
            }
        });
    }

    @Override
    public List<StoredObject> list(ObjectLocation folder) {
        return call(folder.bucket(), "list " + folder, () -> StreamSupport.stream(storage.getObject()
                        .list(folder.bucket(), Storage.BlobListOption.prefix(folder.folderPrefix())).iterateAll()
                        .spliterator(), false)
                .filter(blob -> !blob.getName().endsWith("/"))
                .map(GcsObjectStore::stored).toList());
    }

    @Override
    public Optional<StoredObject> head(ObjectLocation object) {
        return call(object.bucket(), "read " + object, () -> Optional.ofNullable(
                storage.getObject().get(BlobId.of(object.bucket(), object.key()))).map(GcsObjectStore::stored));
    }

    @Override
    public void get(ObjectLocation object, Path file) {
        call(object.bucket(), "read " + object, () -> {
            // Streamed to the file through the reader: never the whole object in memory.
            try (com.google.cloud.ReadChannel reader = storage.getObject().reader(BlobId.of(object.bucket(),
                    object.key()));
                 java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(file,
                         StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 20);
                while (reader.read(buffer) >= 0) {
                    buffer.flip();
                    out.write(buffer);
                    buffer.clear();
                }
                return null;
            } catch (IOException e) {
                if (e.getCause() instanceof StorageException refused) {
                    throw refused;
                }
                throw new UncheckedIOException("Cannot download " + object + " to " + file, e);
            }
        });
    }

    @Override
    public void delete(ObjectLocation object) {
        call(object.bucket(), "delete " + object,
                () -> storage.getObject().delete(BlobId.of(object.bucket(), object.key())));
    }

    @Override
    public void checkBucket(String bucket) {
        call(bucket, "list bucket " + bucket, () -> storage.getObject().list(bucket,
                Storage.BlobListOption.pageSize(1)).getValues().iterator().hasNext());
    }

    /** The generation changes with every write; the CRC32C, where the store gives it, says the same of the bytes. */
    private static StoredObject stored(Blob blob) {
        String version = blob.getGeneration() + (blob.getCrc32c() == null ? "" : ":" + blob.getCrc32c());
        return new StoredObject(blob.getName(), blob.getSize() == null ? 0 : blob.getSize(), version);
    }

    /**
     * A 404 names a missing bucket only when the bucket is indeed missing; else (or when the credentials may not
     * read the bucket's metadata to tell) it is the object.
     */
    private boolean missingBucket(String bucket) {
        try {
            storage.getObject().list(bucket, Storage.BlobListOption.pageSize(1));
            return false;
        } catch (StorageException e) {
            return e.getCode() == 404;
        }
    }

    private <T> T call(String bucket, String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (StorageException e) {
            throw switch (e.getCode()) {
                case 401, 403 -> StepFailedException.permanent("Cloud Storage denied access to bucket " + bucket
                        + " (cannot " + what + "; " + e.getCode() + " " + e.getMessage() + "). This is a permission "
                        + "problem, not the network: grant the service's credentials roles/storage.objectAdmin on "
                        + "it.", e);
                case 404 -> missingBucket(bucket) ? StepFailedException.permanent("Cloud Storage bucket " + bucket
                        + " does not exist (cannot " + what + "; " + e.getMessage() + "). Create it, or point the "
                        + "pipeline root at an existing bucket.", e)
                        : StepFailedException.permanent("Cloud Storage has no such object (cannot " + what + "; "
                        + e.getMessage() + "): it was deleted, or never written by the run that should have made "
                        + "it. Run its pipeline again.", e);
                default -> StepFailedException.transientFailure("Cloud Storage failed to " + what + " ("
                        + e.getCode() + " " + e.getMessage() + "). Check the network; retried.", e);
            };
        }
    }
}
