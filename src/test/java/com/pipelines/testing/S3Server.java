package com.pipelines.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real S3-compatible server for tests: the npm package s3rver (installed by {@code .ci/run} into
 * {@code src/test/s3rver}) run with Node on a loopback port, storing in a folder of the test's. It accepts the
 * credentials {@link #ACCESS_KEY} / {@link #SECRET_KEY} and path-style requests. Its request log is kept, so that a
 * test can act at the moment a given request arrives.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "S3RVER";
    public static final String SECRET_KEY = "S3RVER";
    private static final Path BIN = Path.of("src/test/s3rver/node_modules/s3rver/bin/s3rver.js");

    private final Path directory;
    private final String bucket;
    private final int port;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private Process process;

    private S3Server(Path directory, String bucket, int port) {
        this.directory = directory;
        this.bucket = bucket;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isRegularFile(BIN);
    }

    /** Starts s3rver with {@code bucket} created, storing below {@code directory}. */
    public static S3Server start(Path directory, String bucket) throws IOException {
        S3Server server = new S3Server(directory, bucket, ServiceProcess.freePort());
        server.start();
        return server;
    }

    /** Starts it again on the same port and folder (after {@link #stop}): what it stored is still there. */
    public void start() throws IOException {
        if (!installed()) {
            throw new IllegalStateException("s3rver is not installed: run npm ci --prefix src/test/s3rver");
        }
        Files.createDirectories(directory);
        process = new ProcessBuilder("node", BIN.toString(), "-d", directory.toString(), "-a", "127.0.0.1",
                "-p", String.valueOf(port), "--configure-bucket", bucket).redirectErrorStream(true).start();
        Process started = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    requests.add(line);
                }
            } catch (IOException ignored) {
                // the process was stopped
            }
        }, "s3rver-log");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("s3rver exited: " + String.join("\n", requests));
                }
                sleep(50);
            }
        }
        throw new IllegalStateException("s3rver did not listen on port " + port + ": " + requests);
    }

    /** Kills the server at once, as a crash or a network cut would look to a client. */
    public void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String bucket() {
        return bucket;
    }

    /** Waits until a line of s3rver's log matches (it logs each request, and each object it stored). */
    public boolean awaitRequest(Predicate<String> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (requests.stream().anyMatch(matching)) {
                return true;
            }
            sleep(5);
        }
        return false;
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        stop();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
