package com.pipelines.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's local copies of object-store artifacts, bounded by bytes. A copy is pinned while someone reads it
 * (a step, a model being loaded) and never deleted under them: the least recently used unpinned copies go when the
 * total passes the budget, a pinned one only once its last reader released it. One download per copy at a time.
 */
final class LocalCopies {

    private static final Logger log = LoggerFactory.getLogger(LocalCopies.class);

    /** A pinned copy; {@link #close()} releases it. */
    final class Lease implements ArtifactStorage.LocalFile {
        private final Copy copy;
        private boolean released;

        private Lease(Copy copy) {
            this.copy = copy;
        }

        @Override
        public Path path() {
            return copy.path;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release(copy);
            }
        }
    }

    private static final class Copy {
        private final Path path;
        private final long bytes;
        private int pins;

        private Copy(Path path, long bytes) {
            this.path = path;
            this.bytes = bytes;
        }
    }

    private final long maxBytes;
    private final Map<String, Copy> copies = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Object> downloading = new ConcurrentHashMap<>();
    private long bytes;

    LocalCopies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The copy under {@code key}, pinned; {@code download} makes it (of {@code size} bytes) when there is none. */
    Lease lease(String key, long size, Supplier<Path> download) {
        synchronized (downloading.computeIfAbsent(key, k -> new Object())) {
            synchronized (this) {
                Copy known = copies.get(key);
                if (known != null) {
                    known.pins++;
                    return new Lease(known);
                }
            }
            Path made = download.get();
            synchronized (this) {
                Copy copy = new Copy(made, size);
                copy.pins = 1;
                copies.put(key, copy);
                bytes += size;
                evict();
                return new Lease(copy);
            }
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int count() {
        return copies.size();
    }

    private synchronized void release(Copy copy) {
        copy.pins--;
        evict();
    }

    /** The least recently used unpinned copies go until the total fits the budget. */
    private void evict() {
        for (Iterator<Copy> eldest = copies.values().iterator(); bytes > maxBytes && eldest.hasNext(); ) {
            Copy copy = eldest.next();
            if (copy.pins > 0) {
                continue;
            }
            eldest.remove();
            bytes -= copy.bytes;
            delete(copy);
        }
        if (bytes > maxBytes) {
            log.debug("Local copies hold {} bytes, over the budget of {}: the rest are in use", bytes, maxBytes);
        }
    }

    private static void delete(Copy copy) {
        try {
            ArtifactStore.deleteRecursively(copy.path.getParent());
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete the local copy {}", copy.path, e);
        }
    }
}
