package com.pipelines.artifacts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.google.cloud.storage.Storage;
import com.pipelines.PipelinesProperties;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.util.unit.DataSize;

/** {@link ArtifactStorage} outside a Spring context, for tests of the classes that read artifacts. */
public final class TestStorage {

    private TestStorage() {
    }

    /** Local artifacts only (an object uri fails: no store is configured for it). */
    public static ArtifactStorage local(Path scratch) {
        return new ArtifactStorage(List.of(), scratch, defaults());
    }

    /** S3 at {@code endpoint} (path-style, chunked encoding as given) and Cloud Storage through {@code gcs}. */
    public static ArtifactStorage objectStores(Path scratch, String endpoint, boolean chunkedEncoding, Storage gcs) {
        return objectStores(scratch, endpoint, chunkedEncoding, gcs, DataSize.ofGigabytes(1));
    }

    /** The same, keeping at most {@code localCopies} bytes of local copies. */
    public static ArtifactStorage objectStores(Path scratch, String endpoint, boolean chunkedEncoding, Storage gcs,
                                               DataSize localCopies) {
        return objectStores(scratch, new StorageProperties.S3(endpoint, true, "us-east-1", chunkedEncoding, null, null), gcs,
                localCopies);
    }

    /** With these S3 settings. */
    public static ArtifactStorage objectStores(Path scratch, StorageProperties.S3 s3, Storage gcs,
                                               DataSize localCopies) {
        StorageProperties properties = new StorageProperties(8, localCopies, s3);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (gcs != null) {
            beans.addBean("storage", gcs);
        }
        return new ArtifactStorage(List.of(new S3ObjectStore(properties.s3()),
                new GcsObjectStore(beans.getBeanProvider(Storage.class))), scratch, properties);
    }

    /** The service's settings with this data folder, server root and allowed roots; the rest as defaults. */
    public static PipelinesProperties properties(Path dataDir, String root, List<String> allowed) {
        return new PipelinesProperties(dataDir, root, allowed, "p", "r", "img", 1, 3, Duration.ofSeconds(1), 1 << 20,
                1 << 20, Duration.ofHours(1), 0, Duration.ofHours(24));
    }

    public static StorageProperties defaults() {
        return new StorageProperties(8, DataSize.ofGigabytes(1), new StorageProperties.S3(null, false, null, true, null, null));
    }
}
