package com.pipelines.execution;

import static com.pipelines.testing.TestPipelines.gate;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.pipelines.artifacts.ArtifactStore;
import com.pipelines.runs.RunTransitions;
import com.pipelines.runs.TaskStart;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A replica that stalled past its heartbeats while running attempt 1: another replica revives the execution, which
 * counts attempt 1 as interrupted and runs attempt 2. Attempt 1 then wakes up and reports and completes: nothing
 * it says may change the task, its metrics, its artifacts or attempt 2's files.
 */
@EngineTest
class StaleAttemptTest {

    @LocalServerPort
    int port;

    @Autowired
    RunTransitions transitions;

    @Autowired
    StepRunner runner;

    @Autowired
    ArtifactStore store;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aStaleAttemptFinishingAfterTheNextStartedChangesNothing() throws Exception {
        ApiClient api = new ApiClient(port);
        UUID run = api.startRun("""
                {"pipelineName": "test-pipeline", "parameterValues": {"behaviour": "gated"}}""");
        api.awaitRun(run, r -> isRunningAttempt(r, 1), Duration.ofSeconds(30));

        // The other replica revives attempt 1's execution: attempt 1 counts as interrupted, attempt 2 is queued.
        Optional<TaskStart> revived = transitions.startTask(run, "produce", 1);
        assertThat(revived).isEmpty();
        // ... and runs attempt 2 (here on this test's thread pool, in place of the queued execution).
        assertThat(jdbc.update("delete from scheduled_tasks where task_instance = ?", run + ".produce.2"))
                .isEqualTo(1);
        Thread second = new Thread(() -> runner.run(new StepJob(run, "produce", 2)), "attempt-2");
        second.start();
        api.awaitRun(run, r -> isRunningAttempt(r, 2), Duration.ofSeconds(30));
        gate(run, 2, "write").countDown();
        api.awaitRun(run, r -> r.path("metrics").path("acc").asDouble() == 2.0, Duration.ofSeconds(30));
        Path staged = store.stagingDirectory(null, TestPipelines.PIPELINE, run, "produce", 2)
                .resolve("output_model/saved_model.pb");
        assertThat(staged).hasContent("attempt 2");

        // The stalled attempt 1 wakes up: writes its files, reports metrics and an artifact, completes.
        gate(run, 1, "write").countDown();
        gate(run, 1, "finish").countDown();
        awaitExecutionGone(run + ".produce.1");

        JsonNode during = api.run(run);
        assertThat(ApiClient.task(during, "produce").get("state").asString()).isEqualTo("RUNNING");
        assertThat(ApiClient.task(during, "produce").get("attempt").asInt()).isEqualTo(2);
        assertThat(during.path("metrics").path("acc").asDouble()).isEqualTo(2.0);
        assertThat(ApiClient.artifact(during, "output_model").get("metadata").get("attempt").asInt()).isEqualTo(2);
        assertThat(staged).hasContent("attempt 2");
        Path published = store.taskDirectory(TestPipelines.PIPELINE, run, "produce").resolve("output_model");
        assertThat(published).doesNotExist();
        assertThat(store.stagingDirectory(null, TestPipelines.PIPELINE, run, "produce", 1)).doesNotExist();
        assertThat(api.get("/api/v1/runs/" + run + "/logs?task=produce").body())
                .doesNotContain("gated attempt 1 wrote").contains("gated attempt 2 wrote");

        gate(run, 2, "finish").countDown();
        second.join(30_000);
        JsonNode done = api.awaitState(run, "SUCCEEDED", Duration.ofSeconds(30));
        assertThat(done.path("metrics").path("acc").asDouble()).isEqualTo(2.0);
        assertThat(published.resolve("saved_model.pb")).hasContent("attempt 2");
        assertThat(ApiClient.artifact(done, "output_model").get("uri").asString())
                .isEqualTo(published.toUri().toString());
        assertThat(Files.exists(published.getParent().resolve(".attempt-2"))).isFalse();
    }

    private static boolean isRunningAttempt(JsonNode run, int attempt) {
        JsonNode task = ApiClient.task(run, "produce");
        return task.get("state").asString().equals("RUNNING") && task.get("attempt").asInt() == attempt;
    }

    private void awaitExecutionGone(String instance) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.queryForObject("select count(*) from scheduled_tasks where task_instance = ?", Integer.class,
                instance) > 0) {
            assertThat(System.nanoTime()).as("execution " + instance + " still there").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
