package com.pipelines.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Draining a replica: paused, it starts no step (a run stays QUEUED); resumed, the run goes on. */
@EngineTest
class StepWorkersTest {

    @LocalServerPort
    int port;

    @Test
    void aPausedReplicaStartsNoStepUntilItIsResumed() throws InterruptedException {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")), "dataset-fashion-mnist missing");
        ApiClient api = new ApiClient(port);
        assertThat(api.get("/api/v1/workers").json().get("paused").asBoolean()).isFalse();
        JsonNode paused = api.post("/api/v1/workers:pause", "").json();
        try {
            assertThat(paused.get("paused").asBoolean()).isTrue();
            assertThat(paused.get("workers").asInt()).isEqualTo(1);
            UUID id = api.startRun("{\"parameterValues\": {\"dataset\": \"fashion-mnist\", \"trainLimit\": 300, "
                    + "\"epochs\": 1}}");
            Thread.sleep(1_500);
            assertThat(api.run(id).get("state").asString()).isEqualTo("QUEUED");
            assertThat(api.post("/api/v1/workers:resume", "").json().get("paused").asBoolean()).isFalse();
            api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(60));
        } finally {
            api.post("/api/v1/workers:resume", "");
        }
    }
}
