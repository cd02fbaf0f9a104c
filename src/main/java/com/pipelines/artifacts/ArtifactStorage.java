package com.pipelines.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.pipelines.Sha256;
import com.pipelines.artifacts.ObjectStore.StoredObject;
import com.pipelines.pipeline.StepFailedException;
import jakarta.annotation.PreDestroy;

/**
 * Artifacts wherever the pipeline root is: a local folder ({@code file:} uris), {@code s3://} or {@code gs://}.
 * Uploads write a file as one object and a folder object by object, a bounded number at once, under deterministic
 * keys, so repeating one is harmless. Reads of an object-store artifact go through a bounded local copy per uri and
 * version (ETag or generation): a changed object is fetched again, an unchanged one never.
 */
public class ArtifactStorage {

    private final Map<String, ObjectStore> stores;
    private final Path copiesRoot;
    private final ExecutorService transfers;
    private final LocalCopies copies;

    /** A local path with an artifact's content, kept (not deleted) until closed. */
    public interface LocalFile extends AutoCloseable {
        Path path();

        @Override
        void close();
    }

    ArtifactStorage(List<ObjectStore> stores, Path localRoot, StorageProperties properties) {
        this.stores = stores.stream().collect(java.util.stream.Collectors.toMap(ObjectStore::scheme, s -> s));
        this.copiesRoot = localRoot.resolve(".object-copies");
        this.transfers = Executors.newFixedThreadPool(properties.uploadParallelism(), runnable -> {
            Thread thread = new Thread(runnable, "artifact-transfer");
            thread.setDaemon(true);
            return thread;
        });
        this.copies = new LocalCopies(properties.localCopiesMaxBytes().toBytes());
        deleteQuietly(copiesRoot);
    }

    public static boolean isObjectUri(String uri) {
        return ObjectLocation.isObjectUri(uri);
    }

    /**
     * Uploads a file as the object {@code uri}, or a folder's files below it; objects an earlier attempt left below
     * the folder that this upload did not write are deleted after. Returns {@code uri}.
     */
    public String put(Path local, String uri) {
        ObjectLocation target = ObjectLocation.parse(uri);
        ObjectStore store = store(target);
        if (!Files.isDirectory(local)) {
            store.put(target, local);
            return uri;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(local)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + local, e);
        }
        Set<String> written = new HashSet<>();
        List<Callable<Void>> uploads = new ArrayList<>();
        for (Path file : files) {
            ObjectLocation object = target.child(local.relativize(file).toString().replace('\\', '/'));
            written.add(object.key());
            uploads.add(() -> {
                store.put(object, file);
                return null;
            });
        }
        all(uploads);
        for (StoredObject stale : store.list(target)) {
            if (!written.contains(stale.key())) {
                store.delete(new ObjectLocation(target.scheme(), target.bucket(), stale.key()));
            }
        }
        return uri;
    }

    /** Writes {@code content} as the object {@code uri}, replacing it; returns {@code uri}. */
    public String putBytes(byte[] content, String uri) {
        Path temp = null;
        try {
            temp = Files.createTempFile("artifact-", ".bin");
            Files.write(temp, content);
            return put(temp, uri);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stage " + uri, e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /**
     * A local path with the artifact's content until closed: a {@code file:} uri's own path; for an object or a
     * folder of objects, a local copy made once per version, pinned while leased, and kept afterwards while the
     * copies fit {@code pipelines.storage.local-copies-max-bytes} (least recently used first out).
     */
    public LocalFile lease(String uri) {
        if (!isObjectUri(uri)) {
            Path path = ArtifactStore.localPath(uri);
            return new LocalFile() {
                public Path path() {
                    return path;
                }

                public void close() {
                }
            };
        }
        ObjectLocation source = ObjectLocation.parse(uri);
        Listing listing = listing(source).orElseThrow(() -> StepFailedException.permanent("The artifact " + uri
                + " does not exist in its bucket (deleted, or written by a run that failed). Run its pipeline again."));
        long size = listing.objects().stream().mapToLong(StoredObject::size).sum();
        String key = source + "#" + listing.version();
        return copies.lease(key, size, () -> download(source, listing, key));
    }

    /** A local path with the artifact's content for the rest of this process (the command-line mode's one step). */
    public Path fetch(String uri) {
        return lease(uri).path();
    }

    /** What changes when the artifact's content changes, from the store's versions and checksums: no bytes read. */
    public String fingerprint(String uri) {
        ObjectLocation source = ObjectLocation.parse(uri);
        return listing(source).map(l -> "objects:" + l.version()).orElse("missing:" + uri);
    }

    public boolean exists(String uri) {
        return isObjectUri(uri) ? listing(ObjectLocation.parse(uri)).isPresent()
                : Files.exists(ArtifactStore.localPath(uri));
    }

    /** The objects below the folder {@code uri} (an {@code s3://} or {@code gs://} prefix), as uris. */
    public List<String> list(String uri) {
        ObjectLocation folder = ObjectLocation.parse(uri);
        return store(folder).list(folder).stream()
                .map(o -> new ObjectLocation(folder.scheme(), folder.bucket(), o.key()).toString()).toList();
    }

    /** Deletes a folder — local ({@code file:}) or in a bucket — and what is below it; returns the bytes freed. */
    public long deleteFolder(String uri) {
        if (!isObjectUri(uri)) {
            Path folder = ArtifactStore.localPath(uri);
            if (!Files.exists(folder)) {
                return 0;
            }
            try (Stream<Path> walk = Files.walk(folder)) {
                long bytes = walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                ArtifactStore.deleteRecursively(folder);
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete " + folder, e);
            }
        }
        ObjectLocation target = ObjectLocation.parse(uri);
        ObjectStore store = store(target);
        long bytes = 0;
        for (StoredObject object : store.list(target)) {
            store.delete(new ObjectLocation(target.scheme(), target.bucket(), object.key()));
            bytes += object.size();
        }
        return bytes;
    }

    /** Deletes the object {@code uri}, or every object below it when it is a folder; nothing when it is gone. */
    public void delete(String uri) {
        ObjectLocation target = ObjectLocation.parse(uri);
        ObjectStore store = store(target);
        for (StoredObject object : store.list(target)) {
            store.delete(new ObjectLocation(target.scheme(), target.bucket(), object.key()));
        }
        if (store.head(target).isPresent()) {
            store.delete(target);
        }
    }

    /** Fails with the store's reason unless the bucket of {@code root} exists and may be listed. */
    void checkBucket(String root) {
        ObjectLocation location = ObjectLocation.parse(root);
        store(location).checkBucket(location.bucket());
    }

    /** How many object-store artifacts have a local copy now, and their bytes. */
    long localCopies() {
        return copies.count();
    }

    long localCopyBytes() {
        return copies.bytes();
    }

    private record Listing(boolean folder, List<StoredObject> objects, String version) {
    }

    private Optional<Listing> listing(ObjectLocation source) {
        ObjectStore store = store(source);
        List<StoredObject> objects = store.list(source);
        boolean folder = !objects.isEmpty();
        if (!folder) {
            objects = store.head(source).map(List::of).orElse(List.of());
        }
        if (objects.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder versions = new StringBuilder();
        objects.stream().sorted(Comparator.comparing(StoredObject::key)).forEach(o -> versions.append(o.key())
                .append('\0').append(o.size()).append('\0').append(o.version()).append('\n'));
        return Optional.of(new Listing(folder, objects, Sha256.hex(versions.toString())));
    }

    private Path download(ObjectLocation source, Listing listing, String key) {
        String name = source.key().isEmpty() ? source.bucket() : source.key().substring(source.key().lastIndexOf('/') + 1);
        Path entry = copiesRoot.resolve(Sha256.hex(key).substring(0, 24));
        Path temp = copiesRoot.resolve(".incoming-" + UUID.randomUUID());
        try {
            Files.createDirectories(temp);
            Path target = temp.resolve(name);
            if (listing.folder()) {
                List<Callable<Void>> downloads = new ArrayList<>();
                for (StoredObject object : listing.objects()) {
                    Path file = target.resolve(object.key().substring(source.folderPrefix().length())).normalize();
                    if (!file.startsWith(target)) {
                        throw new IllegalStateException("Object key escapes its folder: " + object.key());
                    }
                    Files.createDirectories(file.getParent());
                    downloads.add(() -> {
                        store(source).get(new ObjectLocation(source.scheme(), source.bucket(), object.key()), file);
                        return null;
                    });
                }
                all(downloads);
            } else {
                store(source).get(source, target);
            }
            deleteQuietly(entry);
            Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE);
            return entry.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make a local copy of " + source, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private ObjectStore store(ObjectLocation location) {
        ObjectStore store = stores.get(location.scheme());
        if (store == null) {
            throw new IllegalArgumentException("No store for " + location.scheme() + "://");
        }
        return store;
    }

    /** Runs the transfers a bounded number at once; the first failure is rethrown as it was. */
    private void all(List<Callable<Void>> work) {
        try {
            for (Future<Void> done : transfers.invokeAll(work)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StepFailedException.transientFailure("Interrupted while transferring artifacts", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @PreDestroy
    void close() {
        transfers.shutdownNow();
    }

    private static void deleteQuietly(Path path) {
        try {
            ArtifactStore.deleteRecursively(path);
        } catch (IOException | UncheckedIOException ignored) {
            // a copy another thread is still reading, or already gone: the next start clears the folder
        }
    }
}
