package com.pipelines.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@EngineTest
class RunLifecycleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void runGoesFromQueuedThroughRunningToSucceededWithEverythingVisible() throws Exception {
        ApiClient.Response created = api.post("/api/v1/runs", """
                {"pipelineName": "test-pipeline", "displayName": "happy path", "parameterValues": {}}""");
        assertThat(created.status()).isEqualTo(202);
        UUID id = UUID.fromString(created.json().get("id").asString());
        assertThat(created.header("Location")).isEqualTo("/api/v1/runs/" + id);
        assertThat(created.json().get("jobId").asString()).startsWith("test-pipeline-");

        JsonNode run = api.awaitState(id, "SUCCEEDED", TIMEOUT);

        List<String> states = new ArrayList<>();
        run.get("stateHistory").forEach(change -> states.add(change.get("state").asString()));
        assertThat(states).containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
        assertThat(run.get("startTime").isNull()).isFalse();
        assertThat(run.get("endTime").isNull()).isFalse();
        assertThat(run.get("tasks")).hasSize(2);
        for (JsonNode task : run.get("tasks")) {
            assertThat(task.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(task.get("attempt").asInt()).isEqualTo(1);
            assertThat(task.get("progress").get("fraction").asDouble()).isEqualTo(1.0);
        }
        assertThat(run.get("metrics").get("acc").asDouble()).isEqualTo(93.0);
        assertThat(run.get("metrics").get("Model").asString()).isEqualTo("TestModel");
        assertThat(run.get("artifacts")).hasSize(2);
        JsonNode model = run.get("artifacts").get(0);
        assertThat(model.get("name").asString()).isEqualTo("output_model");
        assertThat(model.get("type").asString()).isEqualTo("system.Model");
        Path modelDir = Path.of(java.net.URI.create(model.get("uri").asString()));
        assertThat(modelDir.toString()).endsWith("test-pipeline/" + id + "/produce/output_model");
        assertThat(Files.readString(modelDir.resolve("saved_model.pb"))).contains(id.toString());

        JsonNode metrics = api.get("/api/v1/runs/" + id + "/metrics").json();
        assertThat(metrics.get("history").get("loss")).hasSize(3);
        assertThat(metrics.get("history").get("loss").get(2).get("step").asInt()).isEqualTo(3);
        assertThat(metrics.get("metrics")).hasSize(3);

        JsonNode artifacts = api.get("/api/v1/runs/" + id + "/artifacts").json();
        assertThat(artifacts.get("artifacts")).hasSize(2);

        JsonNode logs = api.get("/api/v1/runs/" + id + "/logs?task=produce").json();
        List<String> lines = new ArrayList<>();
        logs.get("entries").forEach(line -> lines.add(line.get("message").asString()));
        assertThat(lines).anyMatch(line -> line.startsWith("Model saved path : "));
        assertThat(TestPipelines.executions(id, "produce")).isEqualTo(1);
        assertThat(TestPipelines.executions(id, "consume")).isEqualTo(1);
    }

    @Test
    void aRunsOwnLocalPipelineRootBelowTheServersReceivesItsArtifacts() {
        UUID first = api.startRun("{\"pipelineName\": \"test-pipeline\"}");
        String serverRoot = api.awaitState(first, "SUCCEEDED", TIMEOUT).get("pipelineRoot").asString();
        String teamRoot = serverRoot + "/team-a/experiments";
        UUID id = api.startRun("{\"pipelineName\": \"test-pipeline\", \"pipelineRoot\": \"" + teamRoot + "/\"}");
        JsonNode run = api.awaitState(id, "SUCCEEDED", TIMEOUT);
        assertThat(run.get("pipelineRoot").asString()).isEqualTo(teamRoot);
        Path modelDir = Path.of(java.net.URI.create(ApiClient.artifact(run, "output_model").get("uri").asString()));
        assertThat(modelDir).isEqualTo(Path.of(teamRoot, "test-pipeline", id.toString(), "produce", "output_model"));
        assertThat(modelDir.resolve("saved_model.pb")).exists();
    }

    @Test
    void retryReExecutesFromTheFailedStepAndReusesWhatSucceeded() {
        UUID id = api.startRun("""
                {"pipelineName": "test-pipeline", "parameterValues": {"behaviour": "consume-fails-first-time"}}""");
        JsonNode failed = api.awaitState(id, "FAILED", TIMEOUT);
        String modelUri = ApiClient.artifact(failed, "output_model").get("uri").asString();
        assertThat(api.post("/api/v1/runs/" + id + ":cancel", "").status()).isEqualTo(409);

        ApiClient.Response retried = api.post("/api/v1/runs/" + id + ":retry", "");
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.json().get("fromTask").asString()).isEqualTo("consume");
        JsonNode run = api.awaitState(id, "SUCCEEDED", TIMEOUT);

        assertThat(TestPipelines.executions(id, "produce")).isEqualTo(1);
        assertThat(TestPipelines.executions(id, "consume")).isEqualTo(2);
        assertThat(ApiClient.artifact(run, "output_model").get("uri").asString()).isEqualTo(modelUri);
        assertThat(run.get("metrics").get("acc").asDouble()).isEqualTo(93.0);
        assertThat(run.get("error").isNull()).isTrue();
        assertThat(run.get("endTime").isNull()).isFalse();
        JsonNode consume = run.get("tasks").get(1);
        assertThat(consume.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(consume.get("attempt").asInt()).isEqualTo(2);
        List<String> states = new ArrayList<>();
        run.get("stateHistory").forEach(change -> states.add(change.get("state").asString()));
        assertThat(states).containsExactly("QUEUED", "RUNNING", "FAILED", "QUEUED", "RUNNING", "SUCCEEDED");
        assertThat(run.get("stateHistory").get(3).get("message").asString())
                .isEqualTo("Retry: re-executing from step consume; reusing the outputs of produce");

        assertThat(api.post("/api/v1/runs/" + id + ":retry", "").status()).isEqualTo(409);
        assertThat(api.post("/api/v1/runs/" + UUID.randomUUID() + ":retry", "").status()).isEqualTo(404);
    }

    @Test
    void aRetriedStepGetsFreshAttemptsWhoseNumbersContinue() {
        UUID id = api.startRun("""
                {"pipelineName": "test-pipeline", "parameterValues": {"behaviour": "fail"}}""");
        JsonNode failed = api.awaitState(id, "FAILED", TIMEOUT);
        assertThat(failed.get("tasks").get(0).get("attempt").asInt()).isEqualTo(3);
        assertThat(api.post("/api/v1/runs/" + id + ":retry", "").status()).isEqualTo(202);
        JsonNode again = api.awaitState(id, "FAILED", TIMEOUT);
        assertThat(again.get("tasks").get(0).get("attempt").asInt()).isEqualTo(6);
        assertThat(again.get("error").asString()).contains("failed after 3 attempts");
        assertThat(TestPipelines.executions(id, "produce")).isEqualTo(6);
        assertThat(TestPipelines.executions(id, "consume")).isZero();
    }

    @Test
    void unchangedRunAnswers304ToItsETag() {
        UUID id = api.startRun("{\"pipelineName\": \"test-pipeline\"}");
        api.awaitState(id, "SUCCEEDED", TIMEOUT);
        ApiClient.Response first = api.get("/api/v1/runs/" + id);
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();
        ApiClient.Response second = api.get("/api/v1/runs/" + id, "If-None-Match", etag);
        assertThat(second.status()).isEqualTo(304);
        assertThat(second.body()).isEmpty();
        assertThat(api.get("/api/v1/runs/" + id, "If-None-Match", "\"0.0\"").status()).isEqualTo(200);
    }

    @Test
    void failingStepIsRetriedThenTheRunFailsWithItsMessage() {
        UUID id = api.startRun("""
                {"pipelineName": "test-pipeline", "parameterValues": {"behaviour": "fail"}}""");
        JsonNode run = api.awaitState(id, "FAILED", TIMEOUT);
        assertThat(run.get("error").asString())
                .isEqualTo("Step produce failed after 3 attempts: IllegalStateException: boom on attempt 3");
        JsonNode produce = run.get("tasks").get(0);
        assertThat(produce.get("state").asString()).isEqualTo("FAILED");
        assertThat(produce.get("attempt").asInt()).isEqualTo(3);
        assertThat(run.get("tasks").get(1).get("state").asString()).isEqualTo("CANCELLED");
        assertThat(TestPipelines.executions(id, "produce")).isEqualTo(3);
        assertThat(TestPipelines.executions(id, "consume")).isZero();
    }

    @Test
    void aStepThatFailsOnceSucceedsOnItsSecondAttempt() {
        UUID id = api.startRun("""
                {"pipelineName": "test-pipeline", "parameterValues": {"behaviour": "fail-once"}}""");
        JsonNode run = api.awaitState(id, "SUCCEEDED", TIMEOUT);
        assertThat(run.get("tasks").get(0).get("attempt").asInt()).isEqualTo(2);
        assertThat(run.get("metrics")).hasSize(3);
        JsonNode logs = api.get("/api/v1/runs/" + id + "/logs").json();
        assertThat(logs.toString()).contains("Attempt 1 failed: IllegalStateException: first attempt fails");
    }

    @Test
    void permanentFailureIsNotRetried() {
        UUID id = api.startRun("""
                {"pipelineName": "test-pipeline", "parameterValues": {"behaviour": "permanent-fail"}}""");
        JsonNode run = api.awaitState(id, "FAILED", TIMEOUT);
        assertThat(run.get("error").asString()).isEqualTo("Step produce failed after 1 attempt: no data");
        assertThat(TestPipelines.executions(id, "produce")).isEqualTo(1);
    }

    @Test
    void cancellingARunningRunStopsItsStep() {
        UUID id = api.startRun("""
                {"pipelineName": "test-pipeline", "parameterValues": {"behaviour": "slow", "slowMillis": 60000}}""");
        api.awaitRun(id, run -> run.get("tasks").get(0).get("state").asString().equals("RUNNING"), TIMEOUT);
        ApiClient.Response cancel = api.send("POST", "/api/v1/runs/" + id + ":cancel", null);
        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.json().get("state").asString()).isEqualTo("CANCELLING");
        JsonNode run = api.awaitState(id, "CANCELLED", Duration.ofSeconds(5));
        assertThat(run.get("tasks").get(0).get("state").asString()).isEqualTo("CANCELLED");
        assertThat(run.get("tasks").get(1).get("state").asString()).isEqualTo("CANCELLED");

        ApiClient.Response again = api.send("POST", "/api/v1/runs/" + id + ":cancel", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).isEqualTo("application/problem+json");
    }

    /** One worker: a started run's next step goes before the first steps of runs queued after it. */
    @Test
    void aStartedRunFinishesBeforeTheRunsQueuedBehindItStart() {
        List<UUID> ids = new ArrayList<>();
        ids.add(api.startRun("""
                {"pipelineName": "test-pipeline", "parameterValues": {"behaviour": "slow", "slowMillis": 1000}}"""));
        api.awaitRun(ids.get(0), run -> run.get("state").asString().equals("RUNNING"), TIMEOUT);
        for (int i = 0; i < 4; i++) {
            ids.add(api.startRun("{\"pipelineName\": \"test-pipeline\"}"));
        }
        List<JsonNode> runs = ids.stream().map(id -> api.awaitState(id, "SUCCEEDED", TIMEOUT)).toList();
        for (int i = 1; i < runs.size(); i++) {
            Instant previousEnd = Instant.parse(runs.get(i - 1).get("endTime").asString());
            Instant start = Instant.parse(runs.get(i).get("startTime").asString());
            assertThat(start).as("run %d starts after run %d ended", i, i - 1).isAfterOrEqualTo(previousEnd);
        }
    }

    @Test
    void cancellingAQueuedRunCancelsItAtOnce() {
        UUID blocker = api.startRun("""
                {"pipelineName": "test-pipeline", "parameterValues": {"behaviour": "slow", "slowMillis": 60000}}""");
        api.awaitRun(blocker, run -> run.get("state").asString().equals("RUNNING"), TIMEOUT);
        UUID queued = api.startRun("{\"pipelineName\": \"test-pipeline\"}");
        assertThat(api.run(queued).get("state").asString()).isEqualTo("QUEUED");
        ApiClient.Response cancel = api.send("POST", "/api/v1/runs/" + queued + ":cancel", null);
        assertThat(cancel.json().get("state").asString()).isEqualTo("CANCELLED");
        api.send("POST", "/api/v1/runs/" + blocker + ":cancel", null);
        api.awaitState(blocker, "CANCELLED", Duration.ofSeconds(5));
        assertThat(api.run(queued).get("state").asString()).isEqualTo("CANCELLED");
        assertThat(TestPipelines.executions(queued, "produce")).isZero();
    }

    @Test
    void listFiltersAndPages() {
        String marker = "list-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            api.startRun("{\"pipelineName\": \"test-pipeline\", \"displayName\": \"" + marker + "-" + i + "\"}");
        }
        JsonNode page = api.get("/api/v1/runs?displayName=" + marker.toUpperCase() + "&size=2").json();
        assertThat(page.get("totalElements").asInt()).isEqualTo(3);
        assertThat(page.get("runs")).hasSize(2);
        assertThat(page.get("runs").get(0).get("displayName").asString()).isEqualTo(marker + "-2");
        JsonNode second = api.get("/api/v1/runs?displayName=" + marker + "&size=2&page=1").json();
        assertThat(second.get("runs")).hasSize(1);
        JsonNode none = api.get("/api/v1/runs?displayName=" + marker + "&createdBefore=2000-01-01T00:00:00Z").json();
        assertThat(none.get("totalElements").asInt()).isZero();
        JsonNode byPipeline = api.get("/api/v1/runs?pipelineName=no-such&size=1").json();
        assertThat(byPipeline.get("totalElements").asInt()).isZero();
    }

    @Test
    void clientChosenJobIdIsKeptAndCannotBeReused() {
        String jobId = "job-" + UUID.randomUUID();
        UUID id = api.startRun("{\"pipelineName\": \"test-pipeline\", \"jobId\": \"" + jobId + "\"}");
        assertThat(api.run(id).get("jobId").asString()).isEqualTo(jobId);
        ApiClient.Response again = api.post("/api/v1/runs",
                "{\"pipelineName\": \"test-pipeline\", \"jobId\": \"" + jobId + "\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("errors").get(0).get("field").asString()).isEqualTo("jobId");
    }

    @Test
    void defaultJobIdsAreMadeUniqueWithinTheSameSecond() {
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID id = api.startRun("{\"pipelineName\": \"test-pipeline\"}");
            jobIds.add(api.run(id).get("jobId").asString());
        }
        assertThat(jobIds).doesNotHaveDuplicates();
    }

    @Test
    void prometheusShowsRunAndStepMeters() {
        UUID id = api.startRun("{\"pipelineName\": \"test-pipeline\"}");
        api.awaitState(id, "SUCCEEDED", TIMEOUT);
        String scrape = api.get("/actuator/prometheus").body();
        assertThat(scrape).contains("pipelines_runs_finished_total{pipeline=\"test-pipeline\",state=\"SUCCEEDED\"}")
                .contains("pipelines_runs_queued")
                .contains("pipelines_step_duration_seconds_count{outcome=\"succeeded\",step=\"produce\"}");
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
    }
}
