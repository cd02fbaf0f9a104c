package com.pipelines.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import com.pipelines.artifacts.ArtifactStore;

/**
 * A dataset source on local disk while it is registered: an upload streamed to a temporary file (hashed on the
 * way, refused past the limit), or a file or folder read in place. Closing deletes what was staged.
 */
final class StagedSource implements AutoCloseable {

    private final Path path;
    private final String sha256;
    private final long bytes;
    private final String source;
    private final AutoCloseable release;

    StagedSource(Path path, String sha256, long bytes, String source, AutoCloseable release) {
        this.path = path;
        this.sha256 = sha256;
        this.bytes = bytes;
        this.source = source;
        this.release = release;
    }

    /** Streams {@code body} into a new file below {@code dir}; past {@code limit} bytes it is a 413 and nothing stays. */
    static StagedSource upload(InputStream body, long limit, Path dir, String source) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "upload-", ".part");
        try {
            MessageDigest digest = newDigest();
            long total = 0;
            try (InputStream in = new DigestInputStream(body, digest); OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) != -1; ) {
                    total += n;
                    if (total > limit) {
                        throw DatasetException.tooLarge(limit);
                    }
                    out.write(buffer, 0, n);
                }
            }
            if (total == 0) {
                throw DatasetException.invalid("file", "The upload is empty");
            }
            return new StagedSource(file, HexFormat.of().formatHex(digest.digest()), total, source,
                    () -> Files.deleteIfExists(file));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** A file or folder read where it is; a folder's hash is over its files' relative names and hashes, sorted. */
    static StagedSource inPlace(Path path, String source, long limit, AutoCloseable release) throws IOException {
        if (Files.isRegularFile(path)) {
            long size = Files.size(path);
            if (size > limit) {
                throw DatasetException.tooLarge(limit);
            }
            return new StagedSource(path, hash(path), size, source, release);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        MessageDigest digest = newDigest();
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
            if (total > limit) {
                throw DatasetException.tooLarge(limit);
            }
            digest.update((path.relativize(file).toString().replace('\\', '/') + "\0" + hash(file) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return new StagedSource(path, HexFormat.of().formatHex(digest.digest()), total, source, release);
    }

    /** File hashes by path, size and modification time: the built-ins are hashed once per process, not per run. */
    private static final com.github.benmanes.caffeine.cache.Cache<String, String> HASHES =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(4096).build();

    private static String hash(Path file) throws IOException {
        String key = file.toAbsolutePath() + "\0" + Files.size(file) + "\0" + Files.getLastModifiedTime(file).toMillis();
        String known = HASHES.getIfPresent(key);
        if (known != null) {
            return known;
        }
        String computed = computeHash(file);
        HASHES.put(key, computed);
        return computed;
    }

    private static String computeHash(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path path() {
        return path;
    }

    String sha256() {
        return sha256;
    }

    long bytes() {
        return bytes;
    }

    String source() {
        return source;
    }

    @Override
    public void close() {
        try {
            release.close();
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("Cannot remove staged " + path, e));
        }
    }

    static void deleteFolder(Path dir) {
        try {
            ArtifactStore.deleteRecursively(dir);
        } catch (IOException ignored) {
            // temporary
        }
    }
}
