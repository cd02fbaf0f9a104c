package com.pipelines.pipeline;

import static com.pipelines.testing.ApiClient.artifact;
import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestDatasets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The built-in pipeline compare-and-deploy (a PipelineSpec shipped in the jar): train linear ∥ train CNN →
 * select-better-model → if its accuracy (percent) clears minAccuracy, deploy it. Exported and uploaded again under
 * another name, it runs the same DAG.
 */
@EngineTest
class CompareAndDeployTest {

    @LocalServerPort
    int port;

    @Test
    void deploysTheBetterModelOnlyWhenItClearsTheBar() throws Exception {
        TestDatasets.assumeFashionMnist();
        ApiClient api = new ApiClient(port);
        String name = "compare-and-deploy";
        JsonNode pipeline = api.get("/api/v1/pipelines/" + name).json();
        assertThat(pipeline.get("builtIn").asBoolean()).isTrue();
        assertThat(api.post("/api/v1/pipelines?name=" + name, api.get("/api/v1/pipelines/" + name + "/spec").body())
                .status()).isEqualTo(409);

        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\", \"enableCaching\": false, \"parameterValues\": "
                + "{\"dataset\": \"fashion-mnist\", \"trainLimit\": 600, \"epochs\": 1, \"minAccuracy\": 30}}");
        JsonNode run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                Duration.ofMinutes(3));
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        double linear = task(run, "train-linear").get("outputParameters").get("accuracy").asDouble();
        double cnn = task(run, "train-cnn").get("outputParameters").get("accuracy").asDouble();
        JsonNode selected = task(run, "select-better-model").get("outputParameters");
        String chosen = cnn > linear ? "model_b" : "model_a";
        assertThat(selected.get("chosen").asString()).isEqualTo(chosen);
        assertThat(selected.get("accuracy").asDouble()).isEqualTo(Math.max(linear, cnn));
        String bestTask = chosen.equals("model_b") ? "train-cnn" : "train-linear";
        String bestUri = null;
        for (JsonNode a : run.get("artifacts")) {
            if (a.get("task").asString().equals(bestTask) && a.get("name").asString().equals("output_model")) {
                bestUri = a.get("uri").asString();
            }
        }
        assertThat(artifact(run, "vertex_model").get("metadata").get("artifactUri").asString()).isEqualTo(bestUri);
        assertThat(task(run, "train-linear").get("startTime").isNull()).isFalse();
        assertThat(task(run, "deploy-model").get("parent").asString()).isEqualTo("condition-1");

        String display = "champion-" + UUID.randomUUID().toString().substring(0, 8);
        UUID promoted = api.startRun("{\"pipelineName\": \"" + name + "\", \"enableCaching\": false, "
                + "\"parameterValues\": {\"dataset\": \"fashion-mnist\", \"trainLimit\": 600, \"epochs\": 1, "
                + "\"minAccuracy\": 30, \"modelDisplayName\": \"" + display + "\", \"modelAlias\": \"champion\"}}");
        assertThat(api.awaitState(promoted, "SUCCEEDED", Duration.ofMinutes(3))).isNotNull();
        assertThat(api.get("/api/v1/models/" + display + "/versions/champion").json().get("versionId").asString())
                .as("the winner became the champion").isEqualTo("1");

        UUID tooHigh = api.startRun("{\"pipelineName\": \"" + name + "\", \"parameterValues\": "
                + "{\"dataset\": \"fashion-mnist\", \"trainLimit\": 600, \"epochs\": 1, \"minAccuracy\": 99}}");
        JsonNode skipped = api.awaitRun(tooHigh, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                Duration.ofMinutes(2));
        assertThat(skipped.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(task(skipped, "condition-1").get("state").asString()).isEqualTo("NOT_TRIGGERED");
        assertThat(task(skipped, "deploy-model").get("state").asString()).isEqualTo("NOT_TRIGGERED");

        String copy = "compare-copy-" + UUID.randomUUID().toString().substring(0, 8);
        String exported = api.get("/api/v1/pipelines/" + name + "/spec").body();
        ApiClient.Response again = api.post("/api/v1/pipelines?name=" + copy, exported);
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(api.get("/api/v1/pipelines/" + copy).json().get("steps").toString())
                .isEqualTo(pipeline.get("steps").toString());
        UUID copied = api.startRun("{\"pipelineName\": \"" + copy + "\", \"parameterValues\": "
                + "{\"dataset\": \"fashion-mnist\", \"trainLimit\": 600, \"epochs\": 1, \"minAccuracy\": 30}}");
        JsonNode copiedRun = api.awaitRun(copied, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                Duration.ofMinutes(3));
        assertThat(copiedRun.get("state").asString()).as(copiedRun.toString()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/api/v1/runs/" + copied + "/dag").json().get("edges").toString())
                .isEqualTo(api.get("/api/v1/runs/" + id + "/dag").json().get("edges").toString());
    }
}
