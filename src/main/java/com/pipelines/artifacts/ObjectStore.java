package com.pipelines.artifacts;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One bucket service (S3 or Cloud Storage) reduced to what artifacts need. Failures are {@code StepFailedException}s
 * that name the bucket and say whether to check permissions (permanent) or the network (transient, retried).
 */
interface ObjectStore {

    /** The uri scheme it serves: {@code s3} or {@code gs}. */
    String scheme();

    /** Writes the file as the object, replacing it. */
    void put(ObjectLocation object, Path file);

    /** The objects below a folder (keys starting with {@code folder/}), with their versions. */
    List<StoredObject> list(ObjectLocation folder);

    /** The object's size and version, if it exists. */
    Optional<StoredObject> head(ObjectLocation object);

    /** Copies the object to a file that does not exist yet. */
    void get(ObjectLocation object, Path file);

    void delete(ObjectLocation object);

    /** Fails (with the reason and what to do) unless the bucket exists and the credentials may list it. */
    void checkBucket(String bucket);

    /** An object: its key, size and version (ETag or generation, with the store's checksum when it has one). */
    record StoredObject(String key, long size, String version) {
    }
}
