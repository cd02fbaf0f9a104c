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

/** NOT_TRIGGERED means a condition said no; anything else that keeps a task from starting fails it, and the run. */
@EngineTest
class HonestDagTest {

    @LocalServerPort
    int port;

    private UUID run(ApiClient api, Map<String, String> tasks) {
        String name = "honest-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = api.post("/api/v1/pipelines?name=" + name, EmitSpecs.spec(name, tasks, "", ""));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return api.startRun("{\"pipelineName\": \"" + name + "\"}");
    }

    @Test
    void anOutputTheProducerNeverRecordedFailsTheConsumerNamingTheInput() {
        ApiClient api = new ApiClient(port);
        Map<String, String> tasks = new LinkedHashMap<>();
        tasks.put("producer", EmitSpecs.constants("silent", "x", 0));
        tasks.put("consumer", "\"inputs\": {\"parameters\": {\"text\": {\"taskOutputParameter\": "
                + "{\"producerTask\": \"producer\", \"outputParameterKey\": \"value\"}}}}");
        UUID id = run(api, tasks);

        JsonNode run = api.awaitState(id, "FAILED", Duration.ofSeconds(60));
        assertThat(task(run, "producer").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(task(run, "consumer").get("state").asString()).isEqualTo("FAILED");
        assertThat(run.get("error").asString()).contains("consumer").contains("input text")
                .contains("recorded no output parameter value");
        assertThat(TestPipelines.executions(id, "consumer")).isZero();
    }

    @Test
    void aConditionThatCannotBeEvaluatedFailsTheTaskOnceWithTheReason() {
        ApiClient api = new ApiClient(port);
        Map<String, String> tasks = new LinkedHashMap<>();
        tasks.put("upstream", EmitSpecs.constants("record", "1", 0));
        tasks.put("guarded", "\"dependentTasks\": [\"upstream\"], \"inputs\": {\"parameters\": {"
                + "\"pipelinechannel--upstream-value\": {\"taskOutputParameter\": {\"producerTask\": \"upstream\", "
                + "\"outputParameterKey\": \"value\"}}}}, \"triggerPolicy\": {\"condition\": "
                + "\"int(null) == 1 || inputs.parameter_values['pipelinechannel--upstream-value'] == '1'\"}");
        UUID id = run(api, tasks);

        JsonNode run = api.awaitState(id, "FAILED", Duration.ofSeconds(60));
        assertThat(run.get("error").asString()).contains("guarded").contains("int(null)");
        assertThat(task(run, "upstream").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(task(run, "upstream").get("attempt").asInt()).isEqualTo(1);
        assertThat(TestPipelines.executions(id, "upstream")).isEqualTo(1);
        assertThat(TestPipelines.executions(id, "guarded")).isZero();
    }

    @Test
    void kfpRuntimePlaceholdersAreFilledAndUnknownOnesRefused() {
        ApiClient api = new ApiClient(port);
        UUID id = run(api, Map.of("named", "\"inputs\": {\"parameters\": {\"text\": {\"runtimeValue\": {\"constant\": "
                + "\"{{$.pipeline_job_name}}|{{$.pipeline_job_uuid}}|{{$.pipeline_task_name}}|{{$.pipeline_root}}|"
                + "{{$.pipeline_job_resource_name}}\"}}}}"));
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(60));
        String value = task(run, "named").get("outputParameters").get("value").asString();
        assertThat(value).isEqualTo(run.get("jobId").asString() + "|" + id + "|named|" + run.get("pipelineRoot")
                .asString() + "|runs/" + id);

        ApiClient.Response unknown = api.post("/api/v1/pipelines?name=honest-unknown", EmitSpecs.spec("x",
                Map.of("t", "\"inputs\": {\"parameters\": {\"text\": {\"runtimeValue\": {\"constant\": "
                        + "\"{{$.pipeline_nope}}\"}}}}"), "", ""));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown placeholder {{$.pipeline_nope}}")
                .contains("$.root.dag.tasks.t.inputs.parameters.text.runtimeValue.constant");
    }

    @Test
    void aComponentInputsDefaultValueIsApplied() {
        ApiClient api = new ApiClient(port);
        String name = "honest-" + UUID.randomUUID().toString().substring(0, 8);
        String spec = EmitSpecs.spec(name, Map.of("defaulted", ""), "", "").replace(
                "\"text\": {\"parameterType\": \"STRING\", \"isOptional\": true}",
                "\"text\": {\"parameterType\": \"STRING\", \"isOptional\": true, \"defaultValue\": \"from-spec\"}");
        assertThat(spec).contains("from-spec");
        ApiClient.Response created = api.post("/api/v1/pipelines?name=" + name, spec);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\"}");
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(60));
        assertThat(task(run, "defaulted").get("outputParameters").get("value").asString()).isEqualTo("from-spec");
    }

    @Test
    void taskNamesAreScopedPerDagAsInKfp() {
        ApiClient api = new ApiClient(port);
        String name = "scoped-" + UUID.randomUUID().toString().substring(0, 8);
        String inner = """
                "comp-condition-1": {"dag": {"tasks": {
                    "t": {"componentRef": {"name": "comp-emit"}, "taskInfo": {"name": "t"},
                      "inputs": {"parameters": {"text": {"runtimeValue": {"constant": "inner"}}}}},
                    "u": {"componentRef": {"name": "comp-emit"}, "taskInfo": {"name": "u"}, "dependentTasks": ["t"],
                      "inputs": {"parameters": {"text": {"taskOutputParameter": {"producerTask": "t", "outputParameterKey": "value"}}}}}}}}""";
        Map<String, String> tasks = new LinkedHashMap<>();
        tasks.put("t", EmitSpecs.constants("record", "outer", 0));
        tasks.put("condition-1", "\"componentRef\": {\"name\": \"comp-condition-1\"}, \"dependentTasks\": [\"t\"]");
        ApiClient.Response created = api.post("/api/v1/pipelines?name=" + name, EmitSpecs.spec(name, tasks, inner, ""));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("runnableInProcess").asBoolean()).as(created.body()).isTrue();
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\"}");
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(60));
        assertThat(task(run, "t").get("outputParameters").get("value").asString()).isEqualTo("outer");
        assertThat(task(run, "condition-1.t").get("outputParameters").get("value").asString()).isEqualTo("inner");
        assertThat(task(run, "u").get("outputParameters").get("value").asString()).isEqualTo("inner");
    }

    @Test
    void aScopedNameTooLongForARunsRowIsCutAndStaysUnique() {
        ApiClient api = new ApiClient(port);
        String name = "scoped-" + UUID.randomUUID().toString().substring(0, 8);
        String group = "g" + "x".repeat(118);
        String inner = """
                "comp-group": {"dag": {"tasks": {
                    "t": {"componentRef": {"name": "comp-emit"}, "taskInfo": {"name": "t"},
                      "inputs": {"parameters": {"text": {"runtimeValue": {"constant": "inner"}}}}}}}}""";
        Map<String, String> tasks = new LinkedHashMap<>();
        tasks.put("t", EmitSpecs.constants("record", "outer", 0));
        tasks.put(group, "\"componentRef\": {\"name\": \"comp-group\"}");
        ApiClient.Response created = api.post("/api/v1/pipelines?name=" + name, EmitSpecs.spec(name, tasks, inner, ""));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\"}");
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(60));
        assertThat(task(run, "t-2").get("outputParameters").get("value").asString()).isEqualTo("inner");
        assertThat(task(run, "t").get("outputParameters").get("value").asString()).isEqualTo("outer");
    }
}
