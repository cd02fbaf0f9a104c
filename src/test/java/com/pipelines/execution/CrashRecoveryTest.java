package com.pipelines.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import com.pipelines.PipelinesApplication;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.DatabaseTest;
import com.pipelines.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Kills the service with SIGKILL in the middle of training and starts it again on the same database: every run ends
 * SUCCEEDED (the interrupted step re-executed), none stays RUNNING, and what finished before the crash is intact.
 * The service runs as a separate JVM on the application's own classes and dependencies (no test classes).
 */
@DatabaseTest
class CrashRecoveryTest {

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path dataDir;

    @Test
    void aKilledServiceFinishesEveryRunAfterItRestarts() throws Exception {
        assumeTrue(Files.isDirectory(FASHION), "dataset-fashion-mnist missing");
        String url = PostgresTestDatabase.enabled() ? PostgresTestDatabase.createDatabase()
                : "jdbc:h2:file:" + dataDir.resolve("db/pipelines");
        int port = freePort();
        ApiClient api = new ApiClient(port);

        Process first = start(url, port);
        UUID done;
        JsonNode doneBefore;
        List<UUID> pending = new ArrayList<>();
        try {
            awaitUp(api, first);
            done = api.startRun(run(1, 1000));
            doneBefore = api.awaitState(done, "SUCCEEDED", Duration.ofSeconds(120));
            for (int i = 0; i < 3; i++) {
                pending.add(api.startRun(run(4, null)));
            }
            api.awaitRun(pending.get(0), r -> {
                JsonNode progress = r.get("tasks").get(0).get("progress");
                return progress != null && progress.get("fraction") != null && progress.get("fraction").asDouble() > 0.1
                        && r.get("tasks").get(0).get("state").asString().equals("RUNNING");
            }, Duration.ofSeconds(120));
        } finally {
            first.destroyForcibly().waitFor();   // SIGKILL: no shutdown hook, no graceful stop
        }

        Process second = start(url, port);
        try {
            awaitUp(api, second);
            for (UUID id : pending) {
                JsonNode run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                        Duration.ofSeconds(240));
                assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
                assertThat(run.get("metrics").get("acc").asDouble()).isGreaterThan(50);
            }
            JsonNode interrupted = api.run(pending.get(0));
            assertThat(interrupted.get("tasks").get(0).get("attempt").asInt()).isEqualTo(2);
            JsonNode doneAfter = api.run(done);
            assertThat(doneAfter.get("metrics")).isEqualTo(doneBefore.get("metrics"));
            assertThat(doneAfter.get("artifacts")).isEqualTo(doneBefore.get("artifacts"));
            assertThat(doneAfter.get("stateHistory")).isEqualTo(doneBefore.get("stateHistory"));
            assertThat(api.get("/api/v1/runs?state=RUNNING").json().get("totalElements").asInt()).isZero();
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    private static String run(int epochs, Integer trainLimit) {
        return "{\"enableCaching\": false, \"parameterValues\": {\"dataset\": \"fashion-mnist\", \"epochs\": " + epochs
                + (trainLimit == null ? "" : ", \"trainLimit\": " + trainLimit) + "}}";
    }

    private Process start(String url, int port) throws IOException {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g", "-cp", classpath,
                PipelinesApplication.class.getName(),
                "--server.port=" + port,
                "--pipelines.data-dir=" + dataDir,
                "--spring.datasource.url=" + url,
                "--db-scheduler.heartbeat-interval=1s",
                "--db-scheduler.missed-heartbeats-limit=4",
                "--db-scheduler.polling-interval=500ms",
                "--pipelines.retry-backoff=100ms",
                "--pipelines.training.download=false"));
        if (PostgresTestDatabase.enabled()) {
            command.add("--spring.datasource.username=" + System.getProperty("spring.datasource.username"));
            command.add("--spring.datasource.password=");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("service.log").toFile()));
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        return builder.start();
    }

    private void awaitUp(ApiClient api, Process process) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("service exited: " + Files.readString(dataDir.resolve("service.log")));
            }
            try {
                if (api.get("/actuator/health/readiness").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("service did not start: " + Files.readString(dataDir.resolve("service.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
