package com.pipelines.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.DatabaseTest;
import com.pipelines.testing.PostgresTestDatabase;
import com.pipelines.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas (two JVMs) on one PostgreSQL fire the same schedules for many ticks, their control schedulers racing
 * for each wake-up: every schedule gets exactly one run per fire time, with no fire time missing.
 * PostgreSQL only: the embedded H2 database belongs to one process.
 */
@DatabaseTest
class TwoReplicaSchedulesTest {

    private static final int SCHEDULES = 3;
    private static final long SECONDS = 12;

    @TempDir
    Path dataDir;

    @Test
    void twoReplicasMakeExactlyOneRunPerFireTime() throws Exception {
        String url = PostgresTestDatabase.createSharedDatabase();
        String[] settings = {"--pipelines.schedules.min-interval=1s", "--pipelines.control.polling-interval=200ms"};
        ServiceProcess replicaA = ServiceProcess.start("a", dataDir, url, settings[0], settings[1],
                "--db-scheduler.scheduler-name=replica-a");
        ServiceProcess replicaB = ServiceProcess.start("b", dataDir, url, settings[0], settings[1],
                "--db-scheduler.scheduler-name=replica-b");
        try {
            ApiClient a = replicaA.awaitReady().api();
            ApiClient b = replicaB.awaitReady().api();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < SCHEDULES; i++) {
                ApiClient.Response created = (i % 2 == 0 ? a : b).post("/api/v1/schedules", """
                        {"displayName": "race %d", "interval": "PT1S", "whenBusy": "QUEUE", "maxConcurrency": 10,
                         "enableCaching": false, "parameterValues": {"dataset": "mnist"}}""".formatted(i));
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                ids.add(created.json().get("id").asString());
            }
            Thread.sleep(SECONDS * 1000);
            for (String id : ids) {
                assertThat(a.post("/api/v1/schedules/" + id + ":pause", "").status()).isEqualTo(200);
            }
            try (Connection db = DriverManager.getConnection(url, System.getProperty("spring.datasource.username"), "");
                 Statement sql = db.createStatement()) {
                for (String id : ids) {
                    List<Instant> times = times(sql, "select scheduled_time from pipeline_run where schedule_id = '"
                            + id + "' order by scheduled_time");
                    assertThat(times.size()).as("runs of " + id).isGreaterThanOrEqualTo((int) SECONDS - 3);
                    assertThat(times).doesNotHaveDuplicates();
                    for (int i = 1; i < times.size(); i++) {
                        assertThat(times.get(i)).as("no fire time missing").isEqualTo(times.get(i - 1).plusSeconds(1));
                    }
                    assertThat(times(sql, "select scheduled_time from schedule_fire where schedule_id = '" + id
                            + "' and outcome = 'CREATED' order by scheduled_time")).isEqualTo(times);
                }
            }
        } finally {
            replicaA.close();
            replicaB.close();
        }
    }

    private static List<Instant> times(Statement sql, String query) throws Exception {
        List<Instant> found = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                found.add(rows.getTimestamp(1).toInstant());
            }
        }
        return found;
    }
}
