package com.pipelines.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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

/**
 * Two replicas (two JVMs, two ports) on one PostgreSQL: 200 runs submitted to either, one replica SIGKILLed while
 * they run. Every run succeeds, no run is lost or duplicated, and every attempt of every step started exactly once.
 * PostgreSQL only: the embedded H2 database belongs to one process.
 */
@DatabaseTest
class TwoReplicasTest {

    private static final int RUNS = 200;

    @TempDir
    Path dataDir;

    @Test
    void tworeplicasShareTheWorkAndOneTakesOverWhenTheOtherDies() throws Exception {
        assumeTrue(PostgresTestDatabase.enabled(), "replicas share a PostgreSQL database");
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")), "dataset-fashion-mnist missing");
        String url = PostgresTestDatabase.createDatabase();
        int portA = freePort();
        int portB = freePort();
        ApiClient a = new ApiClient(portA);
        ApiClient b = new ApiClient(portB);
        Process replicaA = start(url, portA, "a");
        Process replicaB = start(url, portB, "b");
        try {
            awaitUp(a, replicaA, "a");
            awaitUp(b, replicaB, "b");
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                ids.add((i % 2 == 0 ? a : b).startRun("{\"displayName\": \"replica-" + i + "\", \"parameterValues\": "
                        + "{\"dataset\": \"fashion-mnist\", \"trainLimit\": 300, \"epochs\": 1}}"));
            }
            b.awaitRun(ids.get(RUNS / 4), r -> r.get("state").asString().equals("SUCCEEDED"), Duration.ofSeconds(180));
            long killedAt = System.nanoTime();
            replicaA.destroyForcibly().waitFor();
            for (UUID id : ids) {
                b.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"),
                        Duration.ofSeconds(240));
            }
            System.out.printf("all %d runs finished %.1f s after replica a was killed%n", RUNS,
                    (System.nanoTime() - killedAt) / 1e9);

            try (Connection db = DriverManager.getConnection(url, System.getProperty("spring.datasource.username"), "");
                 Statement sql = db.createStatement()) {
                assertThat(count(sql, "select count(*) from pipeline_run")).isEqualTo(RUNS);
                assertThat(count(sql, "select count(*) from pipeline_run where state <> 'SUCCEEDED'")).isZero();
                assertThat(count(sql, "select count(*) from task_run where state not in ('SUCCEEDED', 'SKIPPED')"))
                        .isZero();
                // Each attempt of each task started once: as many "Attempt n of task started" lines as attempts.
                assertThat(count(sql, """
                        select count(*) from task_run t where t.attempt <> (select count(*) from task_log l
                          where l.run_id = t.run_id and l.task_name = t.name and l.message like 'Attempt % started')
                        """)).isZero();
                assertThat(count(sql, "select count(*) from scheduled_tasks where task_name = 'pipeline-step'"))
                        .isZero();
            }
            assertThat(Files.readString(dataDir.resolve("a.log"))).contains("deploy-model]");
            assertThat(Files.readString(dataDir.resolve("b.log"))).contains("deploy-model]");
        } finally {
            replicaA.destroyForcibly().waitFor();
            replicaB.destroy();
            replicaB.waitFor();
        }
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Process start(String url, int port, String name) throws IOException {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1500m", "-cp", classpath,
                PipelinesApplication.class.getName(),
                "--server.port=" + port,
                "--pipelines.data-dir=" + dataDir,
                "--pipelines.workers=2",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + System.getProperty("spring.datasource.username"),
                "--spring.datasource.password=",
                "--db-scheduler.heartbeat-interval=1s",
                "--db-scheduler.missed-heartbeats-limit=4",
                "--db-scheduler.polling-interval=500ms",
                "--pipelines.retry-backoff=100ms",
                "--pipelines.training.download=false")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve(name + ".log").toFile()));
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        return builder.start();
    }

    private void awaitUp(ApiClient api, Process process, String name) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("replica " + name + " exited: " + Files.readString(dataDir.resolve(name + ".log")));
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
        throw new AssertionError("replica " + name + " did not start");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
