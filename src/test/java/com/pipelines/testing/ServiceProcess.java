package com.pipelines.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.pipelines.PipelinesApplication;

/**
 * The service as a separate JVM on the application's own classes and dependencies (no test classes, no test
 * configuration), on a port of its own, logging to {@code <dataDir>/<name>.log}. For tests that kill or race it.
 */
public final class ServiceProcess implements AutoCloseable {

    /**
     * The JIT's first tier only: a service that lives for seconds spends half of its start-up CPU (~15 of ~28 s here)
     * on C2 compilations it never profits from, and these tests start two at once on two cores. What they check
     * (kills, races, takeovers) does not depend on compiled-code speed; TensorFlow's work is native either way.
     */
    public static final String QUICK_START = "-XX:TieredStopAtLevel=1";

    private final Process process;
    private final Path log;
    private final int port;

    private ServiceProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the service on {@code databaseUrl} with fast heartbeats (a dead process is noticed in ~4 s). */
    public static ServiceProcess start(String name, Path dataDir, String databaseUrl, String... extraArguments)
            throws IOException {
        return start(name, dataDir, databaseUrl, java.util.Map.of(), extraArguments);
    }

    /** The same, with environment variables (credentials the SDKs' default chains read, say). */
    public static ServiceProcess start(String name, Path dataDir, String databaseUrl,
                                       java.util.Map<String, String> environment, String... extraArguments)
            throws IOException {
        int port = freePort();
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1500m", QUICK_START,
                "-cp", classpath,
                PipelinesApplication.class.getName(),
                "--server.port=" + port,
                "--pipelines.data-dir=" + dataDir,
                "--spring.datasource.url=" + databaseUrl,
                "--db-scheduler.heartbeat-interval=1s",
                "--db-scheduler.missed-heartbeats-limit=4",
                "--db-scheduler.polling-interval=500ms",
                "--pipelines.retry-backoff=100ms",
                "--pipelines.training.download=false"));
        if (PostgresTestDatabase.enabled()) {
            command.add("--spring.datasource.username=" + System.getProperty("spring.datasource.username"));
            command.add("--spring.datasource.password=");
        }
        command.addAll(List.of(extraArguments));
        Path log = Files.createDirectories(dataDir).resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        builder.environment().putAll(environment);
        return new ServiceProcess(builder.start(), log, port);
    }

    public ApiClient api() {
        return new ApiClient(port);
    }

    public int port() {
        return port;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Waits until the service reports ready; fails with its log if it exits or takes over two minutes. */
    public ServiceProcess awaitReady() throws Exception {
        ApiClient api = api();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("service exited: " + log());
            }
            try {
                if (api.get("/actuator/health/readiness").status() == 200) {
                    return this;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("service did not start: " + log());
    }

    /** SIGKILL: no shutdown hook, no graceful stop. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** A port nothing listens on now, for a server a test starts. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
