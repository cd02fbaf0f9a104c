package com.pipelines.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.artifacts.ArtifactStore;
import com.pipelines.artifacts.PipelineRoots;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compact form of a version under the server's pipeline root, {@code datasets/<name>/<digest>/}: {@code x.bin}
 * (uint8 pixels or little-endian float32 values, row-major), {@code y.bin} (int32 labels), {@code split.bin} (one
 * byte per row) and {@code schema.json}. Written to a local folder first and then moved or uploaded whole; read back
 * through the artifact storage's local copies and kept in memory (by digest, up to
 * {@code pipelines.datasets.cache-size}) for the next training.
 */
@Component
class DatasetStore {

    private final ArtifactStorage storage;
    private final PipelineRoots roots;
    private final ArtifactStore artifacts;
    private final JsonMapper json;
    private final Cache<String, PreparedDataset> loaded;

    DatasetStore(ArtifactStorage storage, PipelineRoots roots, ArtifactStore artifacts, JsonMapper json,
                 DatasetsProperties properties) {
        this.storage = storage;
        this.roots = roots;
        this.artifacts = artifacts;
        this.json = json;
        this.loaded = Caffeine.newBuilder().maximumWeight(properties.cacheSize().toBytes())
                .weigher((String digest, PreparedDataset data) -> (int) Math.min(Integer.MAX_VALUE, data.bytes()))
                .build();
    }

    /** Writes the prepared rows where replicas find them; returns the uri. Nothing is left behind on failure. */
    String write(String name, String digest, DatasetStatistics.Prepared data) {
        String root = roots.serverDefault();
        boolean remote = ArtifactStorage.isObjectUri(root);
        Path local = remote ? null : artifacts.root().resolve("datasets").resolve(name).resolve(digest);
        Path temp = (remote ? artifacts.root() : local.getParent()).resolve(".incoming-" + UUID.randomUUID());
        String uri = remote ? root + "/datasets/" + name + "/" + digest : local.toUri().toString();
        try {
            Files.createDirectories(temp);
            writeFiles(temp, data);
            if (remote) {
                try {
                    storage.put(temp, uri);
                } catch (RuntimeException e) {
                    deleteQuietly(uri);
                    throw e;
                }
            } else if (!Files.isDirectory(local)) {
                try {
                    Files.move(temp, local, StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                    // another replica stored the same digest, i.e. the same rows, first: theirs stays
                }
            }
            return uri;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store dataset " + name + " in " + root, e);
        } finally {
            try {
                ArtifactStore.deleteRecursively(temp);
            } catch (IOException | UncheckedIOException ignored) {
                // a temp folder: the next start clears stale ones
            }
        }
    }

    private void writeFiles(Path dir, DatasetStatistics.Prepared data) throws IOException {
        if (data.pixels() != null) {
            Files.write(dir.resolve("x.bin"), data.pixels());
        } else {
            writeFloats(dir.resolve("x.bin"), data.values());
        }
        ByteBuffer labels = ByteBuffer.allocate(data.labels().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        labels.asIntBuffer().put(data.labels());
        Files.write(dir.resolve("y.bin"), labels.array());
        Files.write(dir.resolve("split.bin"), data.splits());
        json.writeValue(dir.resolve("schema.json").toFile(), data.schema());
    }

    private static void writeFloats(Path file, float[] values) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.length; ) {
                buffer.clear();
                int n = Math.min(buffer.capacity() / 4, values.length - i);
                buffer.asFloatBuffer().put(values, i, n);
                buffer.limit(n * 4);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                i += n;
            }
        }
    }

    /** The version's rows, from memory or from the store. */
    PreparedDataset read(DatasetRef ref, String uri) {
        return loaded.get(ref.digest(), digest -> load(ref, uri));
    }

    private PreparedDataset load(DatasetRef ref, String uri) {
        try (ArtifactStorage.LocalFile copy = storage.lease(uri)) {
            Path dir = copy.path();
            DatasetSchema schema = json.readValue(dir.resolve("schema.json").toFile(), DatasetSchema.class);
            byte[] y = Files.readAllBytes(dir.resolve("y.bin"));
            int[] labels = new int[y.length / 4];
            ByteBuffer.wrap(y).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(labels);
            byte[] splits = Files.readAllBytes(dir.resolve("split.bin"));
            byte[] x = Files.readAllBytes(dir.resolve("x.bin"));
            if (schema.isImageKind()) {
                return new PreparedDataset(ref, schema, x, null, labels, splits);
            }
            float[] values = new float[x.length / 4];
            ByteBuffer.wrap(x).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return new PreparedDataset(ref, schema, null, values, labels, splits);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dataset " + ref + " from " + uri, e);
        }
    }

    /** Deletes a version's stored form (a delete, or a registration that failed after writing). */
    void delete(String uri) {
        deleteQuietly(uri);
    }

    private void deleteQuietly(String uri) {
        try {
            if (ArtifactStorage.isObjectUri(uri)) {
                storage.delete(uri);
            } else {
                ArtifactStore.deleteRecursively(ArtifactStore.localPath(uri));
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: a leftover folder under a digest is rewritten identically by the next registration
        }
    }

    void forget(String digest) {
        loaded.invalidate(digest);
    }
}
