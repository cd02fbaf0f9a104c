package com.pipelines.runs;

import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EmitSpecs;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Sub-DAG outputs as kfp compiles them: dsl.Collected through a condition inside a loop and a sub-DAG around the loop
 * (iterations a condition skipped are left out), and dsl.OneOf (the branch that ran).
 */
@EngineTest
class CollectedTest {

    private static final String GATHER = """
            "comp-gather": {"executorLabel": "exec-gather",
              "inputDefinitions": {"parameters": {"values": {"parameterType": "LIST"}}},
              "outputDefinitions": {"parameters": {"joined": {"parameterType": "STRING"}}}}""";

    @LocalServerPort
    int port;

    private JsonNode run(String spec) {
        ApiClient api = new ApiClient(port);
        String name = "collected-" + UUID.randomUUID().toString().substring(0, 8);
        String withGather = spec.replace("\"deploymentSpec\": {\"executors\": {", "\"deploymentSpec\": {\"executors\": {"
                + "\"exec-gather\": {\"container\": {\"image\": \"svc\", \"command\": [\"java\", \"-jar\", "
                + "\"/opt/pipelines/app.jar\"], \"args\": [\"gather\"]}}, ");
        ApiClient.Response created = api.post("/api/v1/pipelines?name=" + name, withGather);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("runnableInProcess").asBoolean()).as(created.body()).isTrue();
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\"}");
        return api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"), Duration.ofSeconds(60));
    }

    @Test
    void aLoopsOutputsAreCollectedInItemOrderThroughNestedSubDagsLeavingOutSkippedIterations() {
        String components = GATHER + """
                ,
                "comp-collecting": {"dag": {
                    "outputs": {"parameters": {"Output": {"valueFromParameter": {"producerSubtask": "for-loop-1",
                      "outputParameterKey": "pipelinechannel--emit-value"}}}},
                    "tasks": {"for-loop-1": {"componentRef": {"name": "comp-for-loop-1"}, "taskInfo": {"name": "for-loop-1"},
                      "parameterIterator": {"itemInput": "pipelinechannel--loop-item", "items": {"raw": "[\\"1\\", \\"2\\", \\"3\\"]"}}}}},
                  "outputDefinitions": {"parameters": {"Output": {"parameterType": "LIST"}}}},
                "comp-for-loop-1": {"dag": {
                    "outputs": {"parameters": {"pipelinechannel--emit-value": {"valueFromParameter": {
                      "producerSubtask": "condition-2", "outputParameterKey": "pipelinechannel--emit-value"}}}},
                    "tasks": {"condition-2": {"componentRef": {"name": "comp-condition-2"}, "taskInfo": {"name": "condition-2"},
                      "inputs": {"parameters": {"pipelinechannel--loop-item": {"componentInputParameter": "pipelinechannel--loop-item"}}},
                      "triggerPolicy": {"condition": "inputs.parameter_values['pipelinechannel--loop-item'] != '2'"}}}},
                  "inputDefinitions": {"parameters": {"pipelinechannel--loop-item": {"parameterType": "STRING"}}},
                  "outputDefinitions": {"parameters": {"pipelinechannel--emit-value": {"parameterType": "LIST"}}}},
                "comp-condition-2": {"dag": {
                    "outputs": {"parameters": {"pipelinechannel--emit-value": {"valueFromParameter": {
                      "producerSubtask": "emit", "outputParameterKey": "value"}}}},
                    "tasks": {"emit": {"componentRef": {"name": "comp-emit"}, "taskInfo": {"name": "emit"},
                      "inputs": {"parameters": {"text": {"componentInputParameter": "pipelinechannel--loop-item"}}}}}},
                  "inputDefinitions": {"parameters": {"pipelinechannel--loop-item": {"parameterType": "STRING"}}},
                  "outputDefinitions": {"parameters": {"pipelinechannel--emit-value": {"parameterType": "STRING"}}}}""";
        java.util.Map<String, String> tasks = new java.util.LinkedHashMap<>();
        tasks.put("collecting", "\"componentRef\": {\"name\": \"comp-collecting\"}");
        tasks.put("gather", "\"componentRef\": {\"name\": \"comp-gather\"}, \"dependentTasks\": [\"collecting\"], "
                + "\"inputs\": {\"parameters\": {\"values\": {\"taskOutputParameter\": {\"producerTask\": \"collecting\", "
                + "\"outputParameterKey\": \"Output\"}}}}");
        JsonNode run = run(EmitSpecs.spec("collected", tasks, components, ""));
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(task(run, "emit[1]").get("state").asString()).isEqualTo("NOT_TRIGGERED");
        assertThat(task(run, "gather").get("outputParameters").get("joined").asString()).isEqualTo("1,3");
    }

    @Test
    void oneOfTakesTheBranchThatRan() {
        String components = GATHER + """
                ,
                "comp-branches": {"dag": {
                    "outputs": {"parameters": {"Output": {"valueFromOneof": {"parameterSelectors": [
                      {"producerSubtask": "condition-a", "outputParameterKey": "pipelinechannel--a-value"},
                      {"producerSubtask": "condition-b", "outputParameterKey": "pipelinechannel--b-value"}]}}}},
                    "tasks": {
                      "condition-a": {"componentRef": {"name": "comp-condition-a"}, "taskInfo": {"name": "condition-a"},
                        "triggerPolicy": {"condition": "1 == 2"}},
                      "condition-b": {"componentRef": {"name": "comp-condition-b"}, "taskInfo": {"name": "condition-b"},
                        "triggerPolicy": {"condition": "!(1 == 2)"}}}},
                  "outputDefinitions": {"parameters": {"Output": {"parameterType": "STRING"}}}},
                "comp-condition-a": {"dag": {
                    "outputs": {"parameters": {"pipelinechannel--a-value": {"valueFromParameter": {"producerSubtask": "a", "outputParameterKey": "value"}}}},
                    "tasks": {"a": {"componentRef": {"name": "comp-emit"}, "taskInfo": {"name": "a"},
                      "inputs": {"parameters": {"text": {"runtimeValue": {"constant": "from-a"}}}}}}},
                  "outputDefinitions": {"parameters": {"pipelinechannel--a-value": {"parameterType": "STRING"}}}},
                "comp-condition-b": {"dag": {
                    "outputs": {"parameters": {"pipelinechannel--b-value": {"valueFromParameter": {"producerSubtask": "b", "outputParameterKey": "value"}}}},
                    "tasks": {"b": {"componentRef": {"name": "comp-emit"}, "taskInfo": {"name": "b"},
                      "inputs": {"parameters": {"text": {"runtimeValue": {"constant": "from-b"}}}}}}},
                  "outputDefinitions": {"parameters": {"pipelinechannel--b-value": {"parameterType": "STRING"}}}}""";
        java.util.Map<String, String> tasks = new java.util.LinkedHashMap<>();
        tasks.put("branches", "\"componentRef\": {\"name\": \"comp-branches\"}");
        tasks.put("after", "\"dependentTasks\": [\"branches\"], \"inputs\": {\"parameters\": {\"text\": "
                + "{\"taskOutputParameter\": {\"producerTask\": \"branches\", \"outputParameterKey\": \"Output\"}}}}");
        JsonNode run = run(EmitSpecs.spec("oneof", tasks, components, ""));
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(task(run, "a").get("state").asString()).isEqualTo("NOT_TRIGGERED");
        assertThat(task(run, "after").get("outputParameters").get("value").asString()).isEqualTo("from-b");
    }
}
