package com.pipelines.pipeline;

import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestDatasets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The built-in grid search: dsl.ParallelFor over learning rates → train → dsl.Collected (models and accuracies, in
 * item order) → select-best-model → deploy only if it clears the bar. One pipeline, real training (tiny).
 */
@EngineTest
class GridSearchTest {

    @LocalServerPort
    int port;

    @Test
    void trainsOnePerLearningRateCollectsThemAndDeploysTheMostAccurate() {
        TestDatasets.assumeFashionMnist();
        ApiClient api = new ApiClient(port);
        JsonNode version = api.get("/api/v1/pipelines/grid-search/versions/1").json();
        assertThat(version.get("runnableInProcess").asBoolean()).as(version.toString()).isTrue();

        UUID id = api.startRun("{\"pipelineName\": \"grid-search\", \"enableCaching\": false, \"parameterValues\": "
                + "{\"dataset\": \"fashion-mnist\", \"trainLimit\": 300, \"epochs\": 1, \"minAccuracy\": 20, "
                + "\"learningRates\": [0.0001, 0.003, 0.0005]}}");
        JsonNode run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                Duration.ofMinutes(3));
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        List<Double> accuracies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode train = task(run, "train[" + i + "]");
            assertThat(train.get("state").asString()).isEqualTo("SUCCEEDED");
            accuracies.add(train.get("outputParameters").get("accuracy").asDouble());
        }
        assertThat(task(run, "train[1]").get("inputs").get("learningRate").asDouble()).isEqualTo(0.003);
        int best = accuracies.indexOf(accuracies.stream().max(Double::compare).orElseThrow());
        JsonNode selected = task(run, "select-best-model");
        assertThat(selected.get("inputs").get("metrics")).hasSize(3);
        assertThat(selected.get("outputParameters").get("best_index").asInt()).isEqualTo(best);
        assertThat(selected.get("outputParameters").get("best_metric").asDouble()).isEqualTo(accuracies.get(best));
        assertThat(selected.get("outputParameters").get("chosen").asString()).isEqualTo("train[" + best + "]");
        assertThat(task(run, "deploy-model").get("state").asString()).isEqualTo("SUCCEEDED");
        String bestUri = null;
        String deployedUri = null;
        for (JsonNode artifact : run.get("artifacts")) {
            if (artifact.get("task").asString().equals("train[" + best + "]")
                    && artifact.get("name").asString().equals("output_model")) {
                bestUri = artifact.get("uri").asString();
            }
            if (artifact.get("task").asString().equals("select-best-model")) {
                deployedUri = artifact.get("uri").asString();
            }
        }
        assertThat(deployedUri).isNotNull().isEqualTo(bestUri);
    }
}
