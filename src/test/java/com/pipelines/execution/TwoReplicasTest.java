package com.pipelines.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.DatabaseTest;
import com.pipelines.testing.PostgresTestDatabase;
import com.pipelines.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas (two JVMs, two ports) on one PostgreSQL: 200 runs submitted to either, one replica SIGKILLed while
 * they run. Every run succeeds, no run is lost or duplicated, every attempt of every step started exactly once, and
 * the steps the dead replica was running are re-attempted by the other within a bounded time.
 * PostgreSQL only: the embedded H2 database belongs to one process.
 */
@DatabaseTest
class TwoReplicasTest {

    private static final int RUNS = 200;
    /** 4 s to be presumed dead + 2 s between looks for dead executions + a free worker, with room for a slow CI. */
    private static final double TAKEOVER_BOUND_SECONDS = 12;

    @TempDir
    Path dataDir;

    @Test
    void tworeplicasShareTheWorkAndOneTakesOverWhenTheOtherDies() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")), "dataset-fashion-mnist missing");
        String url = PostgresTestDatabase.createSharedDatabase();
        ServiceProcess replicaA = ServiceProcess.start("a", dataDir, url, "--pipelines.workers=2",
                "--db-scheduler.scheduler-name=replica-a");
        ServiceProcess replicaB = ServiceProcess.start("b", dataDir, url, "--pipelines.workers=2",
                "--db-scheduler.scheduler-name=replica-b");
        try {
            ApiClient a = replicaA.awaitReady().api();
            ApiClient b = replicaB.awaitReady().api();
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                ids.add((i % 2 == 0 ? a : b).startRun("{\"displayName\": \"replica-" + i + "\", \"parameterValues\": "
                        + "{\"dataset\": \"fashion-mnist\", \"trainLimit\": 300, \"epochs\": 1}}"));
            }
            b.awaitRun(ids.get(RUNS / 4), r -> r.get("state").asString().equals("SUCCEEDED"), Duration.ofSeconds(180));
            List<String> heldByA = awaitStepsHeldBy(url, "replica-a");
            long killedAt = System.nanoTime();
            Instant killTime = Instant.now();
            replicaA.kill();
            for (UUID id : ids) {
                b.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"),
                        Duration.ofSeconds(240));
            }
            System.out.printf("all %d runs finished %.1f s after replica a was killed%n", RUNS,
                    (System.nanoTime() - killedAt) / 1e9);

            try (Connection db = DriverManager.getConnection(url, System.getProperty("spring.datasource.username"), "");
                 Statement sql = db.createStatement()) {
                assertThat(count(sql, "select count(*) from pipeline_run")).isEqualTo(RUNS);
                assertThat(rows(sql, "select state || ': ' || coalesce(error, '') from pipeline_run "
                        + "where state <> 'SUCCEEDED'")).isEmpty();
                assertThat(count(sql, "select count(*) from task_run where state not in ('SUCCEEDED', 'SKIPPED')"))
                        .isZero();
                // Each attempt of each task started once: as many "Attempt n of task started" lines as attempts.
                assertThat(count(sql, """
                        select count(*) from task_run t where t.attempt <> (select count(*) from task_log l
                          where l.run_id = t.run_id and l.task_name = t.name and l.message like 'Attempt % started')
                        """)).isZero();
                assertThat(count(sql, "select count(*) from scheduled_tasks where task_name = 'pipeline-step'"))
                        .isZero();
                // The steps replica a held when it died were started again by replica b within the bound
                // (presumed dead after 1 s x 4 missed heartbeats, looked for every 2 x 1 s, then a free worker).
                List<Double> takeovers = new ArrayList<>();
                for (String instance : heldByA) {
                    String[] parts = instance.split("\\.");
                    List<String> restarted = rows(sql, """
                            select extract(epoch from (min(log_time) - cast('%s' as timestamptz))) from task_log
                             where run_id = '%s' and task_name = '%s' and attempt >= %s
                               and message like 'Attempt %% started' and log_time > cast('%s' as timestamptz)
                            """.formatted(killTime, parts[0], parts[1], parts[2], killTime));
                    if (restarted.get(0) != null) {
                        takeovers.add(Double.parseDouble(restarted.get(0)));
                    }
                }
                System.out.printf("steps held by replica a %s started again %s s after the kill%n", heldByA,
                        takeovers);
                assertThat(takeovers).isNotEmpty()
                        .allSatisfy(seconds -> assertThat(seconds).isBetween(0.0, TAKEOVER_BOUND_SECONDS));
            }
            assertThat(replicaA.log()).contains("deploy-model]");
            assertThat(replicaB.log()).contains("deploy-model]");
        } finally {
            replicaA.kill();
            replicaB.close();
        }
    }

    /** The step executions replica {@code name} holds, as soon as it holds one (the kill then interrupts it). */
    private static List<String> awaitStepsHeldBy(String url, String name) throws Exception {
        try (Connection db = DriverManager.getConnection(url, System.getProperty("spring.datasource.username"), "");
             Statement sql = db.createStatement()) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (true) {
                List<String> held = rows(sql, "select task_instance from scheduled_tasks where picked "
                        + "and task_name = 'pipeline-step' and picked_by = '" + name + "'");
                if (!held.isEmpty()) {
                    return held;
                }
                assertThat(System.currentTimeMillis()).as("a step running on " + name).isLessThan(deadline);
                Thread.sleep(5);
            }
        }
    }

    private static List<String> rows(Statement sql, String query) throws Exception {
        List<String> found = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                found.add(rows.getString(1));
            }
        }
        return found;
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
