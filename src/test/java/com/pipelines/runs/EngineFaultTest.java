package com.pipelines.runs;

import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** An error while advancing the DAG after a step succeeded is the engine's: the step never runs again. */
@EngineTest
class EngineFaultTest {

    @LocalServerPort
    int port;

    /** produce → {@code next}; a fault is injected when the engine queues {@code next}. */
    static String spec(String next) {
        return """
                {"pipelineInfo": {"name": "engine-fault"}, "schemaVersion": "2.1.0",
                 "components": {
                   "comp-produce": {"executorLabel": "exec-produce",
                     "outputDefinitions": {"artifacts": {
                       "output_model": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}}}}},
                   "comp-consume": {"executorLabel": "exec-consume",
                     "inputDefinitions": {"parameters": {"behaviour": {"parameterType": "STRING"}},
                       "artifacts": {"output_model": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}}}}}},
                 "deploymentSpec": {"executors": {
                   "exec-produce": {"container": {"image": "svc", "command": ["java", "-jar", "/opt/pipelines/app.jar"], "args": ["produce"]}},
                   "exec-consume": {"container": {"image": "svc", "command": ["java", "-jar", "/opt/pipelines/app.jar"], "args": ["consume"]}}}},
                 "root": {"dag": {"tasks": {
                   "first": {"componentRef": {"name": "comp-produce"}, "taskInfo": {"name": "first"}},
                   "NEXT": {"componentRef": {"name": "comp-consume"}, "taskInfo": {"name": "NEXT"},
                     "inputs": {"parameters": {"behaviour": {"runtimeValue": {"constant": "ok"}}},
                       "artifacts": {"output_model": {"taskOutputArtifact": {"producerTask": "first", "outputArtifactKey": "output_model"}}}}}}}}}
                """.replace("NEXT", next);
    }

    private UUID start(ApiClient api, String next) {
        String name = "engine-fault-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/pipelines?name=" + name, spec(next)).status()).isEqualTo(201);
        return api.startRun("{\"pipelineName\": \"" + name + "\"}");
    }

    @Test
    void aPassingFaultWhileAdvancingIsRetriedAsEngineWorkAndTheStepRunsOnce() {
        ApiClient api = new ApiClient(port);
        String next = "next-" + UUID.randomUUID().toString().substring(0, 8);
        TestPipelines.QUEUEING_FAULTS.put(next, new AtomicInteger(RunTransitions.ENGINE_TRIES - 1));
        UUID id = start(api, next);

        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(60));
        assertThat(task(run, "first").get("attempt").asInt()).isEqualTo(1);
        assertThat(TestPipelines.executions(id, "first")).isEqualTo(1);
        assertThat(TestPipelines.executions(id, next)).isEqualTo(1);
    }

    @Test
    void aLastingFaultFailsTheRunWithTheEnginesReasonAndTheStepKeepsItsSuccess() {
        ApiClient api = new ApiClient(port);
        String next = "next-" + UUID.randomUUID().toString().substring(0, 8);
        TestPipelines.QUEUEING_FAULTS.put(next, new AtomicInteger(Integer.MAX_VALUE));
        UUID id = start(api, next);

        JsonNode run = api.awaitState(id, "FAILED", Duration.ofSeconds(60));
        assertThat(run.get("error").asString()).contains("engine could not go on after it")
                .contains("fault injected while queueing " + next).contains("Retry the run");
        assertThat(task(run, "first").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(task(run, "first").get("attempt").asInt()).isEqualTo(1);
        assertThat(TestPipelines.executions(id, "first")).isEqualTo(1);
        assertThat(api.get("/api/v1/runs/" + id + "/artifacts").body()).contains("output_model");

        TestPipelines.QUEUEING_FAULTS.remove(next);
        assertThat(api.post("/api/v1/runs/" + id + ":retry", "").status()).isEqualTo(202);
        api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(60));
        assertThat(TestPipelines.executions(id, "first")).isEqualTo(1);
        assertThat(TestPipelines.executions(id, next)).isEqualTo(1);
    }
}
