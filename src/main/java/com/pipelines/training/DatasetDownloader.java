package com.pipelines.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Downloads one file to a temporary name beside its target, checks its SHA-256 and only then renames it into
 * place: a failed or corrupt download leaves nothing behind.
 */
final class DatasetDownloader {

    private final HttpClient http;
    private final Duration timeout;

    DatasetDownloader(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    void download(URI source, Path target, String expectedSha256) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            HttpRequest request = HttpRequest.newBuilder(source).timeout(timeout).GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String actual;
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DatasetException(source + " answered HTTP " + response.statusCode());
                }
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (InputStream in = new DigestInputStream(body, sha); OutputStream out = Files.newOutputStream(temp)) {
                    in.transferTo(out);
                }
                actual = HexFormat.of().formatHex(sha.digest());
            }
            if (!actual.equalsIgnoreCase(expectedSha256)) {
                throw new DatasetException(source + ": wrong checksum, expected SHA-256 " + expectedSha256
                        + " but got " + actual);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException("download of " + source + " interrupted", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
