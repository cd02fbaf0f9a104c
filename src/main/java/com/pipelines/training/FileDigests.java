package com.pipelines.training;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of files, computed once and remembered by path, size and modification time: a file replaced in place
 * gets a new digest, an unchanged one costs a stat.
 */
final class FileDigests {

    private record Stamp(long size, long modified, String sha256) {
    }

    private final Map<Path, Stamp> known = new ConcurrentHashMap<>();

    /** The file's SHA-256 and whether it was computed now (false: remembered). */
    record Digest(String sha256, boolean fresh) {
    }

    Digest of(Path file) throws IOException {
        Path path = file.toAbsolutePath().normalize();
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        long modified = attributes.lastModifiedTime().toMillis();
        Stamp stamp = known.get(path);
        if (stamp != null && stamp.size() == attributes.size() && stamp.modified() == modified) {
            return new Digest(stamp.sha256(), false);
        }
        String sha256 = sha256(path);
        known.put(path, new Stamp(attributes.size(), modified, sha256));
        return new Digest(sha256, true);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
