package com.pipelines.runs;

import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * dsl.If / dsl.Elif / dsl.Else as kfp 2 compiles them: a {@code condition-branches-1} sub-DAG holding one condition
 * sub-DAG per branch, the later branches' conditions negating the earlier ones. Exactly one branch runs; the others
 * are NOT_TRIGGERED with everything inside them, and the run succeeds.
 */
@EngineTest
class BranchesTest {

    private static final String SPEC = """
            {"pipelineInfo": {"name": "branches"}, "schemaVersion": "2.1.0", "sdkVersion": "kfp-2.7.0",
             "components": {
               "comp-produce": {"executorLabel": "exec-produce",
                 "outputDefinitions": {"artifacts": {"output_model": {"artifactType": {"schemaTitle": "system.Model"}}}}},
               "comp-condition-branches-1": {"dag": {"tasks": {
                   "condition-2": {"componentRef": {"name": "comp-condition-2"}, "taskInfo": {"name": "condition-2"},
                     "inputs": {"parameters": {"pipelinechannel--choice": {"componentInputParameter": "pipelinechannel--choice"}}},
                     "triggerPolicy": {"condition": "inputs.parameter_values['pipelinechannel--choice'] == 'a'"}},
                   "condition-3": {"componentRef": {"name": "comp-condition-3"}, "taskInfo": {"name": "condition-3"},
                     "inputs": {"parameters": {"pipelinechannel--choice": {"componentInputParameter": "pipelinechannel--choice"}}},
                     "triggerPolicy": {"condition": "!(inputs.parameter_values['pipelinechannel--choice'] == 'a') && inputs.parameter_values['pipelinechannel--choice'] == 'b'"}},
                   "condition-4": {"componentRef": {"name": "comp-condition-4"}, "taskInfo": {"name": "condition-4"},
                     "inputs": {"parameters": {"pipelinechannel--choice": {"componentInputParameter": "pipelinechannel--choice"}}},
                     "triggerPolicy": {"condition": "!(inputs.parameter_values['pipelinechannel--choice'] == 'a') && !(inputs.parameter_values['pipelinechannel--choice'] == 'b')"}}}},
                 "inputDefinitions": {"parameters": {"pipelinechannel--choice": {"parameterType": "STRING"}}}},
               "comp-condition-2": {"dag": {"tasks": {"when-a": {"componentRef": {"name": "comp-produce"}, "taskInfo": {"name": "when-a"}}}},
                 "inputDefinitions": {"parameters": {"pipelinechannel--choice": {"parameterType": "STRING"}}}},
               "comp-condition-3": {"dag": {"tasks": {"when-b": {"componentRef": {"name": "comp-produce"}, "taskInfo": {"name": "when-b"}}}},
                 "inputDefinitions": {"parameters": {"pipelinechannel--choice": {"parameterType": "STRING"}}}},
               "comp-condition-4": {"dag": {"tasks": {"otherwise": {"componentRef": {"name": "comp-produce"}, "taskInfo": {"name": "otherwise"}}}},
                 "inputDefinitions": {"parameters": {"pipelinechannel--choice": {"parameterType": "STRING"}}}}},
             "deploymentSpec": {"executors": {"exec-produce": {"container": {"image": "svc",
               "command": ["java", "-jar", "/opt/pipelines/app.jar"], "args": ["produce"]}}}},
             "root": {
               "inputDefinitions": {"parameters": {"choice": {"parameterType": "STRING"}}},
               "dag": {"tasks": {
                 "condition-branches-1": {"componentRef": {"name": "comp-condition-branches-1"},
                   "taskInfo": {"name": "condition-branches-1"},
                   "inputs": {"parameters": {"pipelinechannel--choice": {"componentInputParameter": "choice"}}}},
                 "after": {"componentRef": {"name": "comp-produce"}, "dependentTasks": ["condition-branches-1"],
                   "taskInfo": {"name": "after"}}}}}}
            """;

    @LocalServerPort
    int port;

    @Test
    void exactlyOneBranchRunsAndTheOthersAreNotTriggered() {
        ApiClient api = new ApiClient(port);
        String name = "branches-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = api.post("/api/v1/pipelines?name=" + name, SPEC);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Map<String, String> ran = Map.of("a", "when-a", "b", "when-b", "z", "otherwise");
        for (Map.Entry<String, String> choice : ran.entrySet()) {
            UUID id = api.startRun("{\"pipelineName\": \"" + name + "\", \"parameterValues\": {\"choice\": \""
                    + choice.getKey() + "\"}}");
            JsonNode run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                    Duration.ofSeconds(60));
            assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
            for (String branch : ran.values()) {
                String expected = branch.equals(choice.getValue()) ? "SUCCEEDED" : "NOT_TRIGGERED";
                assertThat(task(run, branch).get("state").asString()).as(choice + " " + branch).isEqualTo(expected);
                assertThat(TestPipelines.executions(id, branch)).isEqualTo(expected.equals("SUCCEEDED") ? 1 : 0);
            }
            assertThat(task(run, "condition-branches-1").get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(task(run, "after").get("state").asString()).isEqualTo("SUCCEEDED");
        }
    }
}
