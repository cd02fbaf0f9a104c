package com.pipelines.pipeline;

import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestDatasets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * An uploaded KFP PipelineSpec built from our components, run end to end: two trainings in parallel branches, a
 * join on a sub-DAG whose condition reads both accuracies, a deploy inside it fed by an artifact handed through a
 * pipeline channel. Real training (Fashion-MNIST, 600 images, 1 epoch).
 */
@EngineTest
class PipelinesAsDataTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    static String fixture() {
        try (InputStream in = PipelinesAsDataTest.class.getResourceAsStream("/pipelines/two-models.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String upload(String name) {
        ApiClient.Response created = api.post("/api/v1/pipelines?name=" + name, fixture());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/pipelines/" + name + "/versions/1");
        return name;
    }

    @Test
    void parallelBranchesJoinOnASubDagThatDeploysWhenItsConditionHolds() {
        TestDatasets.assumeFashionMnist();
        String name = upload("two-models-" + UUID.randomUUID().toString().substring(0, 8));
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\", \"parameterValues\": {\"min_accuracy\": 0.3}}");
        JsonNode run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                Duration.ofMinutes(3));
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("pipelineVersion").asInt()).isEqualTo(1);
        for (String training : List.of("train-linear", "train-cnn")) {
            JsonNode task = task(run, training);
            assertThat(task.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(task.get("component").asString()).isEqualTo("load-data-and-training");
            assertThat(task.get("outputParameters").get("accuracy").asDouble()).isBetween(0.3, 1.0);
        }
        assertThat(task(run, "train-cnn").get("inputs").get("modelType").asString()).isEqualTo("cnn");
        assertThat(task(run, "train-linear").get("inputs").get("trainLimit").asInt()).isEqualTo(600);
        JsonNode condition = task(run, "condition-1");
        assertThat(condition.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(condition.get("component").isNull()).isTrue();
        JsonNode deploy = task(run, "deploy-model");
        assertThat(deploy.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(deploy.get("parent").asString()).isEqualTo("condition-1");
        assertThat(deploy.get("attempt").asInt()).isEqualTo(1);
        double linear = task(run, "train-linear").get("outputParameters").get("accuracy").asDouble();
        assertThat(deploy.get("inputs").get("modelDisplayName").asString()).isEqualTo("linear " + linear);
        assertThat(ApiClient.artifact(run, "vertex_endpoint").get("task").asString()).isEqualTo("deploy-model");

        JsonNode dag = api.get("/api/v1/runs/" + id + "/dag").json();
        assertThat(dag.get("nodes")).hasSize(4);
        List<String> edges = new ArrayList<>();
        dag.get("edges").forEach(e -> edges.add(e.get("from").asString() + "->" + e.get("to").asString() + ":"
                + e.get("kind").asString() + ":" + e.get("name").asString(null)));
        assertThat(edges).contains("train-linear->condition-1:artifact:output_model",
                "train-cnn->condition-1:parameter:accuracy");

        UUID notGoodEnough = api.startRun("{\"pipelineName\": \"" + name + "\", \"parameterValues\": "
                + "{\"min_accuracy\": 1.5}}");
        JsonNode skipped = api.awaitRun(notGoodEnough, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                Duration.ofMinutes(2));
        assertThat(skipped.get("state").asString()).as(skipped.toString()).isEqualTo("SUCCEEDED");
        assertThat(task(skipped, "train-linear").get("state").asString()).as("cache hit").isEqualTo("SKIPPED");
        assertThat(task(skipped, "condition-1").get("state").asString()).isEqualTo("NOT_TRIGGERED");
        assertThat(task(skipped, "condition-1").get("error").asString()).contains("is false");
        assertThat(task(skipped, "deploy-model").get("state").asString()).isEqualTo("NOT_TRIGGERED");
    }

    @Test
    void versionsAreImmutableNumberedAndKeptWhileRunsUseThem() {
        String name = upload("versions-" + UUID.randomUUID().toString().substring(0, 8));
        assertThat(api.post("/api/v1/pipelines?name=" + name, fixture()).status()).isEqualTo(409);
        ApiClient.Response second = api.send("POST", "/api/v1/pipelines/" + name + "/versions",
                new YAMLMapper().writeValueAsString(JSON.readTree(fixture())), "Content-Type", "application/yaml");
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertThat(second.json().get("version").asInt()).isEqualTo(2);
        JsonNode versions = api.get("/api/v1/pipelines/" + name + "/versions").json().get("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(versions.get(0).get("specSha256").asString()).isEqualTo(versions.get(1).get("specSha256").asString());
        assertThat(api.get("/api/v1/pipelines/" + name + "/versions/1/spec").json().get("pipelineInfo").get("name")
                .asString()).isEqualTo("two-models");
        assertThat(api.get("/api/v1/pipelines/" + name).json().get("latestVersion").asInt()).isEqualTo(2);

        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\", \"pipelineVersion\": 1, "
                + "\"parameterValues\": {\"dataset\": \"mnist\"}}");
        api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"), Duration.ofMinutes(1));
        String filter = java.net.URLEncoder.encode("pipelineName = \"" + name + "\" AND params.min_accuracy = 0.5",
                java.nio.charset.StandardCharsets.UTF_8);
        JsonNode found = api.get("/api/v1/runs?filter=" + filter).json().get("runs");
        assertThat(found).as("runs found by an uploaded pipeline's own parameter").hasSize(1);
        assertThat(found.get(0).get("id").asString()).isEqualTo(id.toString());
        assertThat(api.send("DELETE", "/api/v1/pipelines/" + name + "/versions/1", null).status()).isEqualTo(409);
        assertThat(api.send("DELETE", "/api/v1/pipelines/" + name + "/versions/2", null).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/pipelines/" + name + "/versions/2").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/runs", "{\"pipelineName\": \"" + name + "\", \"pipelineVersion\": 2}").status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/pipelines?name=simple-mnist-pipeline", fixture()).status()).isEqualTo(409);
        assertThat(api.send("DELETE", "/api/v1/pipelines/simple-mnist-pipeline/versions/1", null).status())
                .isEqualTo(409);
        assertThat(api.get("/api/v1/pipelines/simple-mnist-pipeline/versions").json().get("versions").get(0)
                .get("builtIn").asBoolean()).isTrue();
    }

    @Test
    void runParametersAreCheckedAgainstTheRootAndTheComponentsTheyFeed() {
        String name = upload("checked-" + UUID.randomUUID().toString().substring(0, 8));
        ApiClient.Response tooMany = api.post("/api/v1/runs", "{\"pipelineName\": \"" + name + "\", "
                + "\"parameterValues\": {\"epochs\": 5000, \"colour\": \"red\", \"min_accuracy\": \"high\"}}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body()).contains("parameterValues.colour").contains("parameterValues.min_accuracy")
                .contains("must be a number");
        ApiClient.Response range = api.post("/api/v1/runs", "{\"pipelineName\": \"" + name + "\", "
                + "\"parameterValues\": {\"epochs\": 5000}}");
        assertThat(range.status()).isEqualTo(400);
        assertThat(range.json().get("errors").get(0).get("field").asString()).isEqualTo("parameterValues.epochs");
        assertThat(range.body()).contains("must be >= 1 and <= 1000").contains("input epochs of task train-linear");
        assertThat(api.get("/api/v1/runs?pipelineName=" + name).json().get("runs")).isEmpty();
    }

    @Test
    void aForeignContainerIsAcceptedButRefusedInProcessNamingItsImage() {
        ObjectNode spec = (ObjectNode) JSON.readTree(fixture());
        ObjectNode container = (ObjectNode) spec.get("deploymentSpec").get("executors").get("exec-deploy-model")
                .get("container");
        container.put("image", "python:3.11");
        container.putArray("command").add("python3").add("-m").add("kfp.dsl.executor_main");
        String name = "foreign-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/pipelines?name=" + name, spec.toString()).status()).isEqualTo(201);
        ApiClient.Response refused = api.post("/api/v1/runs", "{\"pipelineName\": \"" + name + "\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("executor");
        assertThat(refused.body()).contains("comp-deploy-model").contains("python:3.11")
                .contains("vertex-pipelines");
    }
}
