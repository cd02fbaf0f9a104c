package com.pipelines.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static com.pipelines.testing.ApiClient.artifact;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.PostgresTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The training step through the API, on the real Fashion-MNIST from Debian's dataset-fashion-mnist package. */
@EngineTest
class TrainingPipelineTest {

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    private void assumeFashionMnist() {
        assumeTrue(Files.isDirectory(FASHION), "Debian package dataset-fashion-mnist is not installed");
    }

    @Test
    void seedModelOnFashionMnistReachesItsAccuracyAndExportsASavedModel() throws Exception {
        assumeFashionMnist();
        UUID id = api.startRun("""
                {"displayName": "fashion linear", "enableCaching": false, "parameterValues": {"dataset": "fashion-mnist"}}""");
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));

        JsonNode metrics = run.get("metrics");
        // Per seed the seed's model lands between ~85.7 % and ~87.1 % (README); the default seed 42 gives ~86.0 %.
        assertThat(metrics.get("acc").asDouble()).isGreaterThanOrEqualTo(85.5);
        assertThat(metrics.get("loss").asDouble()).isBetween(0.2, 0.5);
        assertThat(metrics.get("Model").asString()).isEqualTo("LinearModel");
        assertThat(metrics.get("dataset size").asInt()).isEqualTo(60000);
        assertThat(metrics.get("train_seconds").asDouble()).isPositive();

        JsonNode history = api.get("/api/v1/runs/" + id + "/metrics").json().get("history");
        assertThat(history.get("loss")).hasSize(3);
        assertThat(history.get("acc")).hasSize(3);
        assertThat(history.get("loss").get(0).get("value").asDouble()).as("first-epoch loss, Keras gives ~0.50")
                .isBetween(0.45, 0.56);

        JsonNode model = artifact(run, "output_model");
        assertThat(model.get("type").asString()).isEqualTo("system.Model");
        Path dir = Path.of(URI.create(model.get("uri").asString()));
        assertThat(dir.resolve("saved_model.pb")).exists();
        assertThat(dir.resolve("variables")).isDirectory();
        assertThat(model.get("metadata").get("signature").asString()).isEqualTo("serving_default");

        JsonNode metricsArtifact = artifact(run, "metrics");
        assertThat(metricsArtifact.get("type").asString()).isEqualTo("system.Metrics");
        String json = Files.readString(Path.of(URI.create(metricsArtifact.get("uri").asString())));
        assertThat(json).contains("\"Model\":\"LinearModel\"").contains("\"dataset size\":60000");

        String logs = api.get("/api/v1/runs/" + id + "/logs?task=load-data-and-training&limit=1000").body();
        assertThat(logs).contains("Model saved path : " + dir).contains("Model saved uri : file:")
                .contains("Epoch 3/3 - loss:");
    }

    @Test
    void medianAccuracyOverTheDefaultSeedAndTheNextFourIsAtLeast86() {
        assumeFashionMnist();
        assumeFalse(PostgresTestDatabase.enabled(),
                "five full trainings measure the trainer, the same on any database: checked in the H2 pass");
        java.util.List<Double> accuracies = new java.util.ArrayList<>();
        for (int seed = 42; seed <= 46; seed++) {
            UUID id = api.startRun("{\"enableCaching\": false, \"parameterValues\": {\"dataset\": \"fashion-mnist\", "
                    + "\"seed\": " + seed + "}}");
            accuracies.add(api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120)).get("metrics").get("acc").asDouble());
        }
        java.util.Collections.sort(accuracies);
        System.out.println("fashion-mnist linear accuracies, seeds 42-46: " + accuracies);
        // The figures differ by CPU (float summation order in the TF kernels): median 86.6 on the machine #3 was
        // built on, 86.36 on an AMD EPYC of the same kind. 86.0 holds on both; README states the target gap.
        assertThat(accuracies.get(2)).isGreaterThanOrEqualTo(86.0);
    }

    @Test
    void cnnRunsWithATrainLimit() {
        assumeFashionMnist();
        UUID id = api.startRun("""
                {"parameterValues": {"dataset": "fashion-mnist", "modelType": "cnn", "trainLimit": 2000,
                 "epochs": 1}}""");
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));
        assertThat(run.get("metrics").get("Model").asString()).isEqualTo("CNNModel");
        assertThat(run.get("metrics").get("dataset size").asInt()).isEqualTo(2000);
        assertThat(run.get("metrics").get("acc").asDouble()).isGreaterThan(60);
    }

    @Test
    void sameSeedGivesTheSameMetrics() {
        assumeFashionMnist();
        String body = """
                {"enableCaching": false,
                 "parameterValues": {"dataset": "fashion-mnist", "trainLimit": 3000, "epochs": 1, "seed": 7}}""";
        JsonNode first = api.awaitState(api.startRun(body), "SUCCEEDED", Duration.ofSeconds(120));
        JsonNode second = api.awaitState(api.startRun(body), "SUCCEEDED", Duration.ofSeconds(120));
        assertThat(second.get("metrics").get("acc")).isEqualTo(first.get("metrics").get("acc"));
        assertThat(second.get("metrics").get("loss")).isEqualTo(first.get("metrics").get("loss"));
    }

    @Test
    void trainingShowsLiveProgressAndHistoryAndStopsWhenCancelled() {
        assumeFashionMnist();
        UUID id = api.startRun("{\"parameterValues\": {\"dataset\": \"fashion-mnist\", \"epochs\": 60}}");
        JsonNode live = api.awaitRun(id, run -> api.get("/api/v1/runs/" + id + "/metrics").json()
                .get("history").has("loss"), Duration.ofSeconds(60));
        JsonNode progress = live.get("tasks").get(0).get("progress");
        assertThat(live.get("state").asString()).isEqualTo("RUNNING");
        assertThat(progress.get("fraction").asDouble()).isBetween(0.0, 1.0);
        JsonNode details = api.run(id).get("tasks").get(0).get("progress").get("details");
        assertThat(details.get("epochs").asInt()).isEqualTo(60);
        assertThat(details.has("samplesPerSecond")).isTrue();
        assertThat(details.has("etaSeconds")).isTrue();

        long asked = System.nanoTime();
        assertThat(api.send("POST", "/api/v1/runs/" + id + ":cancel", null).json().get("state").asString())
                .isEqualTo("CANCELLING");
        JsonNode cancelled = api.awaitState(id, "CANCELLED", Duration.ofSeconds(10));
        System.out.printf("cancel took %d ms%n", (System.nanoTime() - asked) / 1_000_000);
        assertThat(cancelled.get("tasks").get(0).get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("artifacts")).isEmpty();
    }

    @Test
    void missingDatasetFailsAtOnceSayingWhereItLooked() {
        UUID id = api.startRun("{\"parameterValues\": {\"dataset\": \"mnist\"}}");
        JsonNode run = api.awaitState(id, "FAILED", Duration.ofSeconds(30));
        assertThat(run.get("error").asString()).contains("failed after 1 attempt")
                .contains("Dataset 'mnist' not found: looked in")
                .contains("Provide the files train-images-idx3-ubyte.gz");
    }

}
