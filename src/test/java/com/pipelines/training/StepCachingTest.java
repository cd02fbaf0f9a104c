package com.pipelines.training;

import static com.pipelines.testing.ApiClient.artifact;
import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.pipelines.PipelinesProperties;
import com.pipelines.artifacts.ArtifactStore;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Step caching through the API with the real training step: hits, expiry, opting out, vanished outputs. */
@EngineTest
class StepCachingTest {

    private static final String PARAMETERS = "\"parameterValues\": {\"dataset\": \"fashion-mnist\", "
            + "\"trainLimit\": 1000, \"epochs\": 1, \"seed\": 1234}";

    @LocalServerPort
    int port;

    @Autowired
    PipelinesProperties properties;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")), "dataset-fashion-mnist missing");
    }

    @Test
    void anIdenticalRunReusesTheTrainingOutputsUntilTheyAreTooOldOrGone() throws Exception {
        JsonNode first = run("{" + PARAMETERS + "}");
        JsonNode training = task(first, "load-data-and-training");
        assertThat(training.get("state").asString()).isEqualTo("SUCCEEDED");

        JsonNode second = run("{" + PARAMETERS + "}");
        JsonNode cached = task(second, "load-data-and-training");
        assertThat(cached.get("state").asString()).isEqualTo("SKIPPED");
        assertThat(cached.get("cachedFromRun").asString()).isEqualTo(first.get("id").asString());
        assertThat(Duration.between(Instant.parse(cached.get("startTime").asString()),
                Instant.parse(cached.get("endTime").asString()))).isLessThan(Duration.ofSeconds(2)); // no training (seconds)
        assertThat(second.get("metrics").get("acc")).isEqualTo(first.get("metrics").get("acc"));
        assertThat(second.get("metrics").get("dataset size")).isEqualTo(first.get("metrics").get("dataset size"));
        JsonNode model = artifact(second, "output_model");
        assertThat(model.get("uri").asString()).isEqualTo(artifact(first, "output_model").get("uri").asString());
        assertThat(model.get("metadata").get("cachedFromRun").asString()).isEqualTo(first.get("id").asString());
        assertThat(api.get("/api/v1/runs/" + second.get("id").asString() + "/metrics").json()
                .get("history").get("loss")).hasSize(1);
        assertThat(task(second, "deploy-model").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(artifact(second, "vertex_endpoint").get("uri").asString())
                .isNotEqualTo(artifact(first, "vertex_endpoint").get("uri").asString());

        JsonNode expired = run("{\"cacheMaxStaleness\": \"PT0S\", " + PARAMETERS + "}");
        assertThat(task(expired, "load-data-and-training").get("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode optedOut = run("{\"enableCaching\": false, " + PARAMETERS + "}");
        assertThat(task(optedOut, "load-data-and-training").get("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode fresh = run("{\"cacheMaxStaleness\": \"P1D\", " + PARAMETERS + "}");
        // The newest entry; a run with caching off neither reads nor writes the cache.
        assertThat(task(fresh, "load-data-and-training").get("cachedFromRun").asString())
                .isEqualTo(expired.get("id").asString());

        for (JsonNode source : new JsonNode[] {first, expired, optedOut}) {
            ArtifactStore.deleteRecursively(Path.of(URI.create(artifact(source, "output_model").get("uri").asString())));
        }
        JsonNode afterDeletion = run("{" + PARAMETERS + "}");
        assertThat(task(afterDeletion, "load-data-and-training").get("state").asString()).isEqualTo("SUCCEEDED");

        JsonNode otherSeed = run("{\"parameterValues\": {\"dataset\": \"fashion-mnist\", \"trainLimit\": 1000, "
                + "\"epochs\": 1, \"seed\": 1235}}");
        assertThat(task(otherSeed, "load-data-and-training").get("state").asString()).isEqualTo("SUCCEEDED");
    }

    /** The same parameters over other files under the same dataset name are a cache miss. */
    @Test
    void replacingTheDatasetsFilesIsACacheMiss() throws Exception {
        Path mnist = properties.dataDir().resolve("datasets/mnist");
        String body = "{\"parameterValues\": {\"dataset\": \"mnist\", \"trainLimit\": 200, \"epochs\": 1}}";
        try {
            SyntheticMnist.writeDataset(mnist, 200, 50, 1);
            JsonNode first = run(body);
            assertThat(task(run(body), "load-data-and-training").get("cachedFromRun").asString())
                    .isEqualTo(first.get("id").asString());
            SyntheticMnist.writeDataset(mnist, 200, 50, 2);
            JsonNode other = run(body);
            assertThat(task(other, "load-data-and-training").get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(task(run(body), "load-data-and-training").get("cachedFromRun").asString())
                    .as("the new files' own cache entry").isEqualTo(other.get("id").asString());
        } finally {
            ArtifactStore.deleteRecursively(mnist);
        }
    }

    private JsonNode run(String body) {
        UUID id = api.startRun(body);
        return api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));
    }
}
