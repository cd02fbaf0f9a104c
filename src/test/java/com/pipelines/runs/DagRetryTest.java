package com.pipelines.runs;

import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Retry and cancel on an uploaded DAG: a retry re-runs only what did not succeed, from the failed join. */
@EngineTest
class DagRetryTest {

    private static final String SPEC = """
            {"pipelineInfo": {"name": "dag-retry"}, "schemaVersion": "2.1.0", "sdkVersion": "kfp-2.7.0",
             "components": {
               "comp-produce": {"executorLabel": "exec-produce",
                 "inputDefinitions": {"parameters": {"behaviour": {"parameterType": "STRING", "isOptional": true},
                                                     "slowMillis": {"parameterType": "NUMBER_INTEGER", "isOptional": true}}},
                 "outputDefinitions": {"artifacts": {
                   "output_model": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}}}}},
               "comp-consume": {"executorLabel": "exec-consume",
                 "inputDefinitions": {"parameters": {"behaviour": {"parameterType": "STRING"}},
                   "artifacts": {"output_model": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}}}}}},
             "deploymentSpec": {"executors": {
               "exec-produce": {"container": {"image": "svc", "command": ["java", "-jar", "/opt/pipelines/app.jar"],
                                              "args": ["produce"]}},
               "exec-consume": {"container": {"image": "svc", "command": ["java", "-jar", "/opt/pipelines/app.jar"],
                                              "args": ["consume"]}}}},
             "root": {
               "inputDefinitions": {"parameters": {
                 "join_behaviour": {"parameterType": "STRING", "defaultValue": "ok", "isOptional": true},
                 "left_behaviour": {"parameterType": "STRING", "defaultValue": "ok", "isOptional": true}}},
               "dag": {"tasks": {
                 "left": {"componentRef": {"name": "comp-produce"}, "taskInfo": {"name": "left"},
                          "inputs": {"parameters": {"behaviour": {"componentInputParameter": "left_behaviour"},
                                                    "slowMillis": {"runtimeValue": {"constant": 60000}}}}},
                 "right": {"componentRef": {"name": "comp-produce"}, "taskInfo": {"name": "right"}},
                 "join": {"componentRef": {"name": "comp-consume"}, "dependentTasks": ["left", "right"],
                          "inputs": {"parameters": {"behaviour": {"componentInputParameter": "join_behaviour"}},
                                     "artifacts": {"output_model": {"taskOutputArtifact": {
                                       "producerTask": "right", "outputArtifactKey": "output_model"}}}},
                          "taskInfo": {"name": "join"}}}}}}
            """;

    @LocalServerPort
    int port;

    private String upload(ApiClient api) {
        String name = "dag-retry-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/pipelines?name=" + name, SPEC).status()).isEqualTo(201);
        return name;
    }

    @Test
    void aRetryReRunsTheFailedJoinAndReusesTheBranches() {
        ApiClient api = new ApiClient(port);
        String name = upload(api);
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\", \"parameterValues\": "
                + "{\"join_behaviour\": \"consume-fails-first-time\"}}");
        JsonNode failed = api.awaitState(id, "FAILED", Duration.ofSeconds(60));
        assertThat(task(failed, "join").get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("error").asString()).contains("join").contains("consumer not ready yet");

        assertThat(api.post("/api/v1/runs/" + id + ":retry", "").status()).isEqualTo(202);
        JsonNode retried = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(60));
        assertThat(task(retried, "join").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(TestPipelines.executions(id, "left")).isEqualTo(1);
        assertThat(TestPipelines.executions(id, "right")).isEqualTo(1);
        assertThat(TestPipelines.executions(id, "join")).isEqualTo(2);
    }

    @Test
    void aPipelineSpecGivenInlineRunsOnceWithoutBecomingAListedPipeline() {
        ApiClient api = new ApiClient(port);
        String inline = "{\"pipelineSpec\": " + SPEC + ", \"parameterValues\": {\"join_behaviour\": \"ok\"}}";
        UUID id = api.startRun(inline);
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(60));
        assertThat(run.get("pipelineName").asString()).isEqualTo("dag-retry");
        assertThat(run.get("pipelineVersion").asInt()).isZero();
        assertThat(task(run, "join").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.startRun(inline)).isNotEqualTo(id);
        assertThat(api.get("/api/v1/pipelines").body()).doesNotContain("one-off/").doesNotContain("\"dag-retry\"");

        ApiClient.Response broken = api.post("/api/v1/runs", "{\"pipelineSpec\": "
                + SPEC.replace("\"comp-consume\"}, \"dependentTasks\"", "\"comp-nope\"}, \"dependentTasks\"") + "}");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("errors").get(0).get("field").asString())
                .isEqualTo("pipelineSpec.root.dag.tasks.join.componentRef.name");
        ApiClient.Response both = api.post("/api/v1/runs", "{\"pipelineName\": \"x\", \"pipelineSpec\": " + SPEC + "}");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("errors").get(0).get("field").asString()).isEqualTo("pipelineSpec");
    }

    @Test
    void cancellingMidDagStopsTheRunningBranchAndNeverStartsTheJoin() {
        ApiClient api = new ApiClient(port);
        String name = upload(api);
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\", \"parameterValues\": "
                + "{\"left_behaviour\": \"slow\"}}");
        api.awaitRun(id, run -> task(run, "left").get("state").asString().equals("RUNNING"), Duration.ofSeconds(30));
        assertThat(api.post("/api/v1/runs/" + id + ":cancel", "").status()).isLessThan(300);
        JsonNode cancelled = api.awaitState(id, "CANCELLED", Duration.ofSeconds(30));
        assertThat(task(cancelled, "left").get("state").asString()).isEqualTo("CANCELLED");
        assertThat(task(cancelled, "join").get("state").asString()).isEqualTo("CANCELLED");
        assertThat(TestPipelines.executions(id, "join")).isZero();
    }
}
