package com.pipelines.runs;

import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * dsl.ParallelFor as kfp compiles it: a loop sub-DAG over a LIST parameter, parallelismLimit 2, two tasks per
 * iteration (make → use, an artifact handed between them), and a task after the loop.
 */
@EngineTest
class LoopTest {

    @LocalServerPort
    int port;

    private String upload(ApiClient api) throws Exception {
        return upload(api, fixture());
    }

    private String fixture() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/pipelines/loop.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String upload(ApiClient api, String spec) {
        String name = "loop-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = api.post("/api/v1/pipelines?name=" + name, spec);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return name;
    }

    @Test
    void everyItemRunsItsIterationAtMostTwoAtOnceAndTheTaskAfterWaitsForAll() throws Exception {
        ApiClient api = new ApiClient(port);
        String name = upload(api);
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\"}");
        JsonNode run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                Duration.ofSeconds(60));
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        for (int i = 0; i < 3; i++) {
            assertThat(task(run, "make[" + i + "]").get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(task(run, "make[" + i + "]").get("inputs").get("behaviour").asString()).isEqualTo("ok");
            assertThat(task(run, "use[" + i + "]").get("parent").asString()).isEqualTo("for-loop-2");
            assertThat(TestPipelines.executions(id, "use[" + i + "]")).isEqualTo(1);
        }
        assertThat(task(run, "for-loop-2").get("state").asString()).isEqualTo("SUCCEEDED");
        Instant firstIterationEnd = min(end(task(run, "use[0]")), end(task(run, "use[1]")));
        assertThat(start(task(run, "make[2]"))).as("the third iteration waits for one of the first two")
                .isAfterOrEqualTo(firstIterationEnd);
        Instant lastUse = max(end(task(run, "use[0]")), max(end(task(run, "use[1]")), end(task(run, "use[2]"))));
        assertThat(start(task(run, "after"))).isAfterOrEqualTo(lastUse);

        JsonNode dag = api.get("/api/v1/runs/" + id + "/dag").json();
        assertThat(dag.get("nodes")).hasSize(8);
        assertThat(dag.get("edges").toString()).contains("{\"from\":\"make[1]\",\"to\":\"use[1]\",\"kind\":\"artifact\"");
    }

    @Test
    void theItemsComeFromTheRunsListParameterAndAnEmptyListRunsNothing() throws Exception {
        ApiClient api = new ApiClient(port);
        String name = upload(api);
        UUID two = api.startRun("{\"pipelineName\": \"" + name + "\", \"parameterValues\": "
                + "{\"behaviours\": [\"ok\", \"fail-once\"]}}");
        JsonNode run = api.awaitRun(two, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                Duration.ofSeconds(60));
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(task(run, "make[1]").get("attempt").asInt()).isEqualTo(2);
        assertThat(run.get("tasks")).hasSize(2 + 2 * 2);

        UUID none = api.startRun("{\"pipelineName\": \"" + name + "\", \"parameterValues\": {\"behaviours\": []}}");
        JsonNode empty = api.awaitRun(none, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                Duration.ofSeconds(60));
        assertThat(empty.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(task(empty, "for-loop-2").get("state").asString()).isEqualTo("SUCCEEDED");

        ApiClient.Response notAList = api.post("/api/v1/runs", "{\"pipelineName\": \"" + name + "\", "
                + "\"parameterValues\": {\"behaviours\": \"ok\"}}");
        assertThat(notAList.status()).isEqualTo(400);
        assertThat(notAList.body()).contains("parameterValues.behaviours").contains("must be an array");
    }

    @Test
    void aLoopOverLiteralItemsRunsOneIterationPerItem() throws Exception {
        ApiClient api = new ApiClient(port);
        String spec = fixture().replace("\"items\": {\"inputParameter\": \"pipelinechannel--behaviours\"}",
                "\"items\": {\"raw\": \"[\\\"ok\\\", \\\"fail-once\\\"]\"}");
        assertThat(spec).contains("\"raw\"");
        UUID id = api.startRun("{\"pipelineName\": \"" + upload(api, spec) + "\"}");
        JsonNode run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                Duration.ofSeconds(60));
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(task(run, "make[1]").get("inputs").get("behaviour").asString()).isEqualTo("fail-once");
        assertThat(run.get("tasks")).hasSize(2 + 2 * 2);
    }

    @Test
    void aRetryReopensTheLoopAndRerunsOnlyTheFailedIteration() throws Exception {
        ApiClient api = new ApiClient(port);
        String spec = fixture().replace("\"parameters\": {\"behaviour\": {\"runtimeValue\": {\"constant\": \"ok\"}}}",
                "\"parameters\": {\"behaviour\": {\"componentInputParameter\": \"pipelinechannel--behaviours-loop-item\"}}");
        assertThat(spec).isNotEqualTo(fixture());
        UUID id = api.startRun("{\"pipelineName\": \"" + upload(api, spec) + "\", \"parameterValues\": "
                + "{\"behaviours\": [\"ok\", \"consume-fails-first-time\"]}}");
        JsonNode failed = api.awaitState(id, "FAILED", Duration.ofSeconds(60));
        assertThat(task(failed, "use[1]").get("state").asString()).isEqualTo("FAILED");
        assertThat(api.post("/api/v1/runs/" + id + ":retry", "").status()).isEqualTo(202);
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(60));
        assertThat(task(run, "for-loop-2").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("tasks")).hasSize(2 + 2 * 2);
        assertThat(TestPipelines.executions(id, "make[0]")).isEqualTo(1);
        assertThat(TestPipelines.executions(id, "make[1]")).isEqualTo(1);
        assertThat(TestPipelines.executions(id, "use[0]")).isEqualTo(1);
        assertThat(TestPipelines.executions(id, "use[1]")).isEqualTo(2);
    }

    private static Instant start(JsonNode task) {
        return Instant.parse(task.get("startTime").asString());
    }

    private static Instant end(JsonNode task) {
        return Instant.parse(task.get("endTime").asString());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
