package com.pipelines.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.DatabaseTest;
import com.pipelines.testing.PostgresTestDatabase;
import com.pipelines.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Kills the service with SIGKILL in the middle of training and starts it again on the same database: every run ends
 * SUCCEEDED (the interrupted step re-executed), none stays RUNNING, and what finished before the crash is intact.
 * Killed once more with the retry limit reached, the interrupted run ends FAILED with the reason.
 */
@DatabaseTest
class CrashRecoveryTest {

    @TempDir
    Path dataDir;

    @Test
    void aKilledServiceFinishesEveryRunAfterItRestarts() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")), "dataset-fashion-mnist missing");
        String url = PostgresTestDatabase.enabled() ? PostgresTestDatabase.createDatabase()
                : "jdbc:h2:file:" + dataDir.resolve("db/pipelines");
        UUID done;
        JsonNode doneBefore;
        List<UUID> pending = new ArrayList<>();
        ServiceProcess first = ServiceProcess.start("first", dataDir, url);
        try {
            ApiClient api = first.awaitReady().api();
            done = api.startRun(run(1, 1000));
            doneBefore = api.awaitState(done, "SUCCEEDED", Duration.ofSeconds(120));
            // The first is killed mid-training: long enough (~5 s) that its progress, reported about once a second,
            // is seen before it ends; the others wait behind it or train beside it.
            pending.add(api.startRun(run(30, 20_000)));
            for (int i = 0; i < 2; i++) {
                pending.add(api.startRun(run(4, 20_000)));
            }
            awaitTraining(api, pending.get(0));
        } finally {
            first.kill();
        }

        UUID doomed;
        ServiceProcess second = ServiceProcess.start("second", dataDir, url);
        try {
            ApiClient api = second.awaitReady().api();
            for (UUID id : pending) {
                JsonNode run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                        Duration.ofSeconds(240));
                assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
                assertThat(run.get("metrics").get("acc").asDouble()).isGreaterThan(50);
            }
            assertThat(api.run(pending.get(0)).get("tasks").get(0).get("attempt").asInt()).isEqualTo(2);
            JsonNode doneAfter = api.run(done);
            assertThat(doneAfter.get("metrics")).isEqualTo(doneBefore.get("metrics"));
            assertThat(doneAfter.get("artifacts")).isEqualTo(doneBefore.get("artifacts"));
            assertThat(doneAfter.get("stateHistory")).isEqualTo(doneBefore.get("stateHistory"));
            assertThat(api.get("/api/v1/runs?state=RUNNING").json().get("totalElements").asInt()).isZero();
            doomed = api.startRun(run(30, 20_000));
            awaitTraining(api, doomed);
        } finally {
            second.kill();
        }

        // Killed again, and restarted with a retry limit of one attempt: the interrupted step is not re-executed
        // but its run FAILS saying why, and nothing else changes.
        try (ServiceProcess third = ServiceProcess.start("third", dataDir, url, "--pipelines.max-attempts=1")
                .awaitReady()) {
            ApiClient api = third.api();
            JsonNode failed = api.awaitState(doomed, "FAILED", Duration.ofSeconds(120));
            assertThat(failed.get("error").asString()).contains("Attempt 1 was interrupted");
            assertThat(failed.get("tasks").get(0).get("state").asString()).isEqualTo("FAILED");
            assertThat(failed.get("tasks").get(0).get("attempt").asInt()).isEqualTo(1);
            for (UUID id : pending) {
                assertThat(api.run(id).get("state").asString()).isEqualTo("SUCCEEDED");
            }
            assertThat(api.run(done).get("metrics")).isEqualTo(doneBefore.get("metrics"));
            assertThat(api.get("/api/v1/runs?state=RUNNING").json().get("totalElements").asInt()).isZero();
        }
    }

    private static void awaitTraining(ApiClient api, UUID id) throws Exception {
        api.awaitRun(id, r -> {
            JsonNode task = r.get("tasks").get(0);
            JsonNode fraction = task.get("progress") == null ? null : task.get("progress").get("fraction");
            return task.get("state").asString().equals("RUNNING") && fraction != null && fraction.asDouble() > 0.1;
        }, Duration.ofSeconds(120));
    }

    private static String run(int epochs, Integer trainLimit) {
        return "{\"enableCaching\": false, \"parameterValues\": {\"dataset\": \"fashion-mnist\", \"epochs\": " + epochs
                + (trainLimit == null ? "" : ", \"trainLimit\": " + trainLimit) + "}}";
    }
}
