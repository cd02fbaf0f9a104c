package com.pipelines.training;

import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestDatasets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** evaluate-model on a SavedModel the training step wrote: the same accuracy as the training measured. */
@EngineTest
class EvaluateModelTest {

    private static final String SPEC = """
            {"pipelineInfo": {"name": "evaluate"}, "schemaVersion": "2.1.0", "sdkVersion": "kfp-2.7.0",
             "components": {
               "comp-train": {"executorLabel": "exec-train",
                 "inputDefinitions": {"parameters": {"dataset": {"parameterType": "STRING", "isOptional": true},
                                                     "trainLimit": {"parameterType": "NUMBER_INTEGER", "isOptional": true},
                                                     "epochs": {"parameterType": "NUMBER_INTEGER", "isOptional": true}}},
                 "outputDefinitions": {"artifacts": {"output_model": {"artifactType": {"schemaTitle": "system.Model"}}},
                                       "parameters": {"accuracy": {"parameterType": "NUMBER_DOUBLE"}}}},
               "comp-evaluate": {"executorLabel": "exec-evaluate",
                 "inputDefinitions": {"artifacts": {"model": {"artifactType": {"schemaTitle": "system.Model"}}},
                                      "parameters": {"dataset": {"parameterType": "STRING", "isOptional": true}}},
                 "outputDefinitions": {"parameters": {"accuracy": {"parameterType": "NUMBER_DOUBLE"}}}}},
             "deploymentSpec": {"executors": {
               "exec-train": {"container": {"image": "svc", "command": ["java", "-jar", "/opt/pipelines/app.jar"],
                 "args": ["train"]}},
               "exec-evaluate": {"container": {"image": "svc", "command": ["java", "-jar", "/opt/pipelines/app.jar"],
                 "args": ["evaluate-model"]}}}},
             "root": {"dag": {"tasks": {
               "train": {"componentRef": {"name": "comp-train"}, "taskInfo": {"name": "train"},
                 "inputs": {"parameters": {
                   "dataset": {"runtimeValue": {"constant": "fashion-mnist"}},
                   "trainLimit": {"runtimeValue": {"constant": 600}},
                   "epochs": {"runtimeValue": {"constant": 1}}}}},
               "evaluate": {"componentRef": {"name": "comp-evaluate"}, "taskInfo": {"name": "evaluate"},
                 "inputs": {"artifacts": {"model": {"taskOutputArtifact": {"producerTask": "train",
                                                                            "outputArtifactKey": "output_model"}}},
                            "parameters": {"dataset": {"runtimeValue": {"constant": "fashion-mnist"}}}}}}}}}
            """;

    @LocalServerPort
    int port;

    @Test
    void aTrainedModelEvaluatesToTheAccuracyItsTrainingMeasured() {
        TestDatasets.assumeFashionMnist();
        ApiClient api = new ApiClient(port);
        String name = "evaluate-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = api.post("/api/v1/pipelines?name=" + name, SPEC);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\", \"enableCaching\": false}");
        JsonNode run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                Duration.ofMinutes(2));
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        double trained = task(run, "train").get("outputParameters").get("accuracy").asDouble();
        double evaluated = task(run, "evaluate").get("outputParameters").get("accuracy").asDouble();
        assertThat(evaluated).isCloseTo(trained, within(1e-4));

        JsonNode matrix = null;
        for (JsonNode artifact : run.get("artifacts")) {
            if (artifact.get("task").asString().equals("evaluate")
                    && artifact.get("name").asString().equals("classification_metrics")) {
                matrix = artifact.get("metadata").get("confusionMatrix");
            }
        }
        assertThat(matrix).isNotNull();
        assertThat(matrix.get("annotationSpecs").get(9).get("displayName").asString()).isEqualTo("Ankle boot");
        long total = 0;
        long diagonal = 0;
        for (int r = 0; r < 10; r++) {
            for (int c = 0; c < 10; c++) {
                long cell = matrix.get("rows").get(r).get("row").get(c).asLong();
                total += cell;
                diagonal += r == c ? cell : 0;
            }
        }
        assertThat(total).isEqualTo(10_000);
        assertThat((double) diagonal / total).isCloseTo(evaluated, within(1e-9));
    }

    private static final String EVALUATE_VERSION = """
            {"pipelineInfo": {"name": "evaluate-version"}, "schemaVersion": "2.1.0", "sdkVersion": "kfp-2.7.0",
             "root": {"dag": {"tasks": {
               "evaluate": {"componentRef": {"name": "comp-evaluate"}, "taskInfo": {"name": "evaluate"},
                 "inputs": {"parameters": {"dataset": {"runtimeValue": {"constant": "fashion-mnist"}},
                                           "testLimit": {"runtimeValue": {"constant": 500}},
                                           "modelVersion": {"componentInputParameter": "modelVersion"}}}}}},
               "inputDefinitions": {"parameters": {"modelVersion": {"parameterType": "STRING"}}}},
             "components": {
               "comp-evaluate": {"executorLabel": "exec-evaluate",
                 "inputDefinitions": {"parameters": {"dataset": {"parameterType": "STRING", "isOptional": true},
                                                     "testLimit": {"parameterType": "NUMBER_INTEGER", "isOptional": true},
                                                     "modelVersion": {"parameterType": "STRING", "isOptional": true}}},
                 "outputDefinitions": {"parameters": {"accuracy": {"parameterType": "NUMBER_DOUBLE"}}}}},
             "deploymentSpec": {"executors": {
               "exec-evaluate": {"container": {"image": "svc", "command": ["java", "-jar", "/opt/pipelines/app.jar"],
                 "args": ["evaluate-model"]}}}}}
            """;

    /** A registered version (here uploaded) evaluated later by alias: the registry shows the evaluation on it. */
    @Test
    void aRegisteredVersionEvaluatedByAliasShowsTheEvaluationInTheRegistry() {
        TestDatasets.assumeFashionMnist();
        ApiClient api = new ApiClient(port);
        String name = "evaluate-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/pipelines?name=" + name, SPEC).status()).isEqualTo(201);
        JsonNode trained = api.awaitState(api.startRun("{\"pipelineName\": \"" + name + "\"}"), "SUCCEEDED",
                Duration.ofMinutes(2));
        String modelUri = null;
        for (JsonNode artifact : trained.get("artifacts")) {
            if (artifact.get("name").asString().equals("output_model")) {
                modelUri = artifact.get("uri").asString();
            }
        }
        String model = "evaluated-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response uploaded = api.post("/api/v1/models:upload", "{\"model\": {\"displayName\": \"" + model
                + "\", \"artifactUri\": \"" + modelUri + "\"}}");
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        assertThat(api.post("/api/v1/models/" + model + "/versions/1:addAlias", "{\"alias\": \"champion\"}")
                .status()).isEqualTo(200);

        String evaluator = name + "-version";
        ApiClient.Response createdEvaluator = api.post("/api/v1/pipelines?name=" + evaluator, EVALUATE_VERSION);
        assertThat(createdEvaluator.status()).as(createdEvaluator.body()).isEqualTo(201);
        UUID id = api.startRun("{\"pipelineName\": \"" + evaluator + "\", \"enableCaching\": false, "
                + "\"parameterValues\": {\"modelVersion\": \"" + model + "@champion\"}}");
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofMinutes(2));
        double accuracy = task(run, "evaluate").get("outputParameters").get("accuracy").asDouble();

        JsonNode evaluations = api.get("/api/v1/models/" + model + "/versions/champion").json().get("evaluations");
        assertThat(evaluations).hasSize(1);
        assertThat(evaluations.get(0).get("runId").asString()).isEqualTo(id.toString());
        assertThat(evaluations.get(0).get("examples").asInt()).isEqualTo(500);
        assertThat(evaluations.get(0).get("accuracy").asDouble()).isCloseTo(accuracy, within(1e-9));
        assertThat(evaluations.get(0).get("dataset").asString()).startsWith("fashion-mnist@");

        UUID missing = api.startRun("{\"pipelineName\": \"" + evaluator + "\", \"enableCaching\": false, "
                + "\"parameterValues\": {\"modelVersion\": \"" + model + "@nope\"}}");
        JsonNode failed = api.awaitState(missing, "FAILED", Duration.ofMinutes(1));
        assertThat(failed.get("error").asString()).contains("modelVersion '" + model + "@nope'");
    }

    @Test
    void aValueFromUpstreamIsCheckedWhenItsTaskStartsAndAnInvalidOneFailsTheTaskNamingIt() {
        TestDatasets.assumeFashionMnist();
        ApiClient api = new ApiClient(port);
        String spec = """
                {"pipelineInfo": {"name": "limits"}, "schemaVersion": "2.1.0", "sdkVersion": "kfp-2.7.0",
                 "components": {
                   "comp-train": {"executorLabel": "exec-train",
                     "inputDefinitions": {"parameters": {"dataset": {"parameterType": "STRING", "isOptional": true},
                                                         "trainLimit": {"parameterType": "NUMBER_INTEGER", "isOptional": true},
                                                         "epochs": {"parameterType": "NUMBER_INTEGER", "isOptional": true}}},
                     "outputDefinitions": {"artifacts": {"output_model": {"artifactType": {"schemaTitle": "system.Model"}}}}},
                   "comp-evaluate": {"executorLabel": "exec-evaluate",
                     "inputDefinitions": {"artifacts": {"model": {"artifactType": {"schemaTitle": "system.Model"}}},
                                          "parameters": {"dataset": {"parameterType": "STRING", "isOptional": true},
                                                         "testLimit": {"parameterType": "NUMBER_INTEGER", "isOptional": true}}}},
                   "comp-for-loop-1": {"dag": {"tasks": {
                       "evaluate": {"componentRef": {"name": "comp-evaluate"}, "taskInfo": {"name": "evaluate"},
                         "inputs": {"artifacts": {"model": {"componentInputArtifact": "pipelinechannel--train-output_model"}},
                                    "parameters": {"dataset": {"runtimeValue": {"constant": "fashion-mnist"}},
                                                   "testLimit": {"componentInputParameter": "pipelinechannel--loop-item-param-1"}}}}}},
                     "inputDefinitions": {
                       "artifacts": {"pipelinechannel--train-output_model": {"artifactType": {"schemaTitle": "system.Model"}}},
                       "parameters": {"pipelinechannel--loop-item-param-1": {"parameterType": "NUMBER_INTEGER"}}}}},
                 "deploymentSpec": {"executors": {
                   "exec-train": {"container": {"image": "svc", "command": ["java", "-jar", "/opt/pipelines/app.jar"],
                     "args": ["train"]}},
                   "exec-evaluate": {"container": {"image": "svc", "command": ["java", "-jar", "/opt/pipelines/app.jar"],
                     "args": ["evaluate-model"]}}}},
                 "root": {"dag": {"tasks": {
                   "train": {"componentRef": {"name": "comp-train"}, "taskInfo": {"name": "train"},
                     "inputs": {"parameters": {"dataset": {"runtimeValue": {"constant": "fashion-mnist"}},
                                               "trainLimit": {"runtimeValue": {"constant": 200}},
                                               "epochs": {"runtimeValue": {"constant": 1}}}}},
                   "for-loop-1": {"componentRef": {"name": "comp-for-loop-1"}, "dependentTasks": ["train"],
                     "taskInfo": {"name": "for-loop-1"},
                     "inputs": {"artifacts": {"pipelinechannel--train-output_model": {"taskOutputArtifact": {
                       "producerTask": "train", "outputArtifactKey": "output_model"}}}},
                     "parameterIterator": {"itemInput": "pipelinechannel--loop-item-param-1",
                                           "items": {"raw": "[50, 0]"}},
                     "iteratorPolicy": {"parallelismLimit": 1}}}}}}
                """;
        String name = "limits-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = api.post("/api/v1/pipelines?name=" + name, spec);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\", \"enableCaching\": false}");
        JsonNode run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                Duration.ofMinutes(2));
        assertThat(run.get("state").asString()).isEqualTo("FAILED");
        assertThat(task(run, "evaluate[0]").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(task(run, "evaluate[1]").get("state").asString()).isEqualTo("FAILED");
        assertThat(task(run, "evaluate[1]").get("attempt").asInt()).as("not retried").isEqualTo(1);
        assertThat(run.get("error").asString()).contains("evaluate[1]").contains("Invalid inputs: testLimit")
                .contains(">= 1");
    }
}
