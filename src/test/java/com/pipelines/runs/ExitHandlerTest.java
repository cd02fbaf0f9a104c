package com.pipelines.runs;

import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EmitSpecs;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * dsl.ExitHandler as kfp compiles it — the exit task runs when its group ends, whatever its state, and reads the
 * group's PipelineTaskFinalStatus — and ignore_upstream_failure.
 */
@EngineTest
class ExitHandlerTest {

    private static final String COMPONENTS = """
            "comp-report": {"executorLabel": "exec-report",
              "inputDefinitions": {"parameters": {"status": {"parameterType": "TASK_FINAL_STATUS", "isOptional": true}}},
              "outputDefinitions": {"parameters": {"state": {"parameterType": "STRING"}, "task": {"parameterType": "STRING"}}}},
            "comp-exit-handler-1": {"dag": {"tasks": {
                "work": {"componentRef": {"name": "comp-emit"}, "taskInfo": {"name": "work"},
                  "inputs": {"parameters": {"mode": {"componentInputParameter": "pipelinechannel--mode"}}},
                  "retryPolicy": {"maxRetryCount": 0}},
                "more": {"componentRef": {"name": "comp-emit"}, "taskInfo": {"name": "more"}, "dependentTasks": ["work"]}}},
              "inputDefinitions": {"parameters": {"pipelinechannel--mode": {"parameterType": "STRING"}}}}""";

    @LocalServerPort
    int port;

    private JsonNode run(String mode) {
        return run(mode, "");
    }

    private JsonNode run(String mode, String extra) {
        ApiClient api = new ApiClient(port);
        String name = "exit-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> tasks = new LinkedHashMap<>();
        tasks.put("exit-handler-1", "\"componentRef\": {\"name\": \"comp-exit-handler-1\"}, \"inputs\": {\"parameters\": "
                + "{\"pipelinechannel--mode\": {\"componentInputParameter\": \"mode\"}}}");
        tasks.put("exit-op", "\"componentRef\": {\"name\": \"comp-report\"}, \"dependentTasks\": [\"exit-handler-1\"], "
                + "\"inputs\": {\"parameters\": {\"status\": {\"taskFinalStatus\": {\"producerTask\": \"exit-handler-1\"}}}}, "
                + "\"triggerPolicy\": {\"strategy\": \"ALL_UPSTREAM_TASKS_COMPLETED\"}");
        String spec = EmitSpecs.spec(name, tasks, COMPONENTS,
                "\"inputDefinitions\": {\"parameters\": {\"mode\": {\"parameterType\": \"STRING\"}}}")
                .replace("\"deploymentSpec\": {\"executors\": {", "\"deploymentSpec\": {\"executors\": {\"exec-report\": "
                        + "{\"container\": {\"image\": \"svc\", \"command\": [\"java\", \"-jar\", \"/opt/pipelines/app.jar\"], "
                        + "\"args\": [\"report\"]}}, ");
        ApiClient.Response created = api.post("/api/v1/pipelines?name=" + name, spec);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("runnableInProcess").asBoolean()).as(created.body()).isTrue();
        String request = "{\"pipelineName\": \"" + name + "\", \"parameterValues\": {\"mode\": \"" + mode + "\"}" + extra + "}";
        if (!extra.isEmpty()) {
            ApiClient.Response refused = api.post("/api/v1/runs", request);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            return refused.json();
        }
        UUID id = api.startRun(request);
        return api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"),
                Duration.ofSeconds(60));
    }

    @Test
    void theExitTaskRunsAfterAFailedGroupAndReadsItsFinalStatus() {
        JsonNode run = run("fail");
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("FAILED");
        assertThat(run.get("error").asString()).contains("Step work failed");
        assertThat(task(run, "work").get("state").asString()).isEqualTo("FAILED");
        assertThat(task(run, "more").get("state").asString()).isEqualTo("CANCELLED");
        assertThat(task(run, "more").get("error").asString()).contains("upstream task work ended FAILED");
        assertThat(task(run, "exit-handler-1").get("state").asString()).isEqualTo("FAILED");
        JsonNode exit = task(run, "exit-op");
        assertThat(exit.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(exit.get("outputParameters").get("state").asString()).isEqualTo("FAILED");
        assertThat(exit.get("outputParameters").get("task").asString()).isEqualTo("exit-handler-1");
        assertThat(TestPipelines.executions(UUID.fromString(run.get("id").asString()), "more")).isZero();
    }

    @Test
    void theExitTaskRunsAfterASucceededGroupToo() {
        JsonNode run = run("record");
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(task(run, "exit-handler-1").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(task(run, "exit-op").get("outputParameters").get("state").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void ignoreUpstreamFailureRunsATaskAfterItsFailedProducer() {
        ApiClient api = new ApiClient(port);
        String name = "ignore-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> tasks = new LinkedHashMap<>();
        tasks.put("bad", EmitSpecs.constants("fail", "x", 0) + ", \"retryPolicy\": {\"maxRetryCount\": 0}");
        tasks.put("cleanup", "\"dependentTasks\": [\"bad\"], \"triggerPolicy\": {\"strategy\": "
                + "\"ALL_UPSTREAM_TASKS_COMPLETED\"}");
        assertThat(api.post("/api/v1/pipelines?name=" + name, EmitSpecs.spec(name, tasks, "", "")).status())
                .isEqualTo(201);
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\"}");
        JsonNode run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"),
                Duration.ofSeconds(60));
        assertThat(run.get("state").asString()).isEqualTo("FAILED");
        assertThat(task(run, "cleanup").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(TestPipelines.executions(id, "cleanup")).isEqualTo(1);
    }

    @Test
    void failFastIsRefusedForAPipelineWithAnExitTaskRatherThanSkippingIt() {
        JsonNode problem = run("fail", ", \"failurePolicy\": \"FAIL_FAST\"");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("failurePolicy");
        assertThat(problem.toString()).contains("exit-op").contains("FAIL_SLOW");
    }
}
