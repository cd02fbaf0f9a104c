package com.pipelines.training;

import static com.pipelines.testing.ApiClient.artifact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestDatasets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The training's test-set evaluation as KFP's system.ClassificationMetrics, on the real Fashion-MNIST. */
@EngineTest
class EvaluationTest {

    @LocalServerPort
    int port;

    @Test
    void theConfusionMatrixCoversTheTestSetAndItsDiagonalIsTheAccuracy() throws Exception {
        TestDatasets.assumeFashionMnist();
        ApiClient api = new ApiClient(port);
        JsonNode run = api.awaitState(api.startRun("""
                {"enableCaching": false, "parameterValues": {"dataset": "fashion-mnist", "trainLimit": 2000,
                 "epochs": 1}}"""), "SUCCEEDED", Duration.ofSeconds(120));
        JsonNode evaluation = artifact(run, "classification_metrics");
        assertThat(evaluation.get("type").asString()).isEqualTo("system.ClassificationMetrics");
        JsonNode matrix = evaluation.get("metadata").get("confusionMatrix");
        assertThat(matrix.get("annotationSpecs")).hasSize(10);
        assertThat(matrix.get("annotationSpecs").get(9).get("displayName").asString()).isEqualTo("Ankle boot");
        long total = 0;
        long diagonal = 0;
        for (int row = 0; row < 10; row++) {
            JsonNode cells = matrix.get("rows").get(row).get("row");
            assertThat(cells).hasSize(10);
            for (int column = 0; column < 10; column++) {
                total += cells.get(column).asLong();
                diagonal += row == column ? cells.get(column).asLong() : 0;
            }
        }
        assertThat(total).as("the whole test set").isEqualTo(10_000);
        assertThat(100.0 * diagonal / total).isCloseTo(run.get("metrics").get("acc").asDouble(), within(1e-6));
        JsonNode metadata = evaluation.get("metadata");
        assertThat(metadata.get("confidenceMetrics")).hasSize(21);
        assertThat(metadata.get("auRoc").asDouble()).isBetween(0.9, 1.0);
        assertThat(metadata.get("auPrc").asDouble()).isBetween(0.5, 1.0);
        assertThat(metadata.get("logLoss").asDouble()).isCloseTo(run.get("metrics").get("loss").asDouble(),
                within(1e-3));
        assertThat(run.get("metrics").get("recall/Trouser").asDouble()).isBetween(0.5, 1.0);
        assertThat(run.get("metrics").has("f1/Ankle boot")).isTrue();
        JsonNode file = JsonMapper.builder().build().readTree(
                Files.readString(Path.of(URI.create(evaluation.get("uri").asString()))));
        assertThat(file.get("confusionMatrix")).isEqualTo(matrix);
    }
}
