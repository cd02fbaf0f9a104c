package com.pipelines.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.pipelines.PipelinesApplication;
import com.pipelines.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Endpoints and deployed models survive a restart; the model is reloaded from its artifact uri on first use. */
class DeployRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void endpointServesTheSameModelAfterARestart() {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")), "needs dataset-fashion-mnist");
        String instance = "{\"instances\": [[" + "0.25,".repeat(783) + "0.25]]}";
        String endpoint;
        JsonNode before;
        try (ConfigurableApplicationContext app = start()) {
            ApiClient api = client(app);
            JsonNode run = api.awaitState(api.startRun("{\"parameterValues\": {\"dataset\": \"fashion-mnist\", "
                    + "\"trainLimit\": 500, \"epochs\": 1}}"), "SUCCEEDED", Duration.ofSeconds(120));
            endpoint = ApiClient.artifact(run, "vertex_endpoint").get("uri").asString();
            before = api.post("/v1/" + endpoint + ":predict", instance).json();
        }
        try (ConfigurableApplicationContext app = start()) {
            ApiClient api = client(app);
            JsonNode after = api.post("/v1/" + endpoint + ":predict", instance).json();
            assertThat(after.get("deployedModelId")).isEqualTo(before.get("deployedModelId"));
            assertThat(after.get("predictions")).isEqualTo(before.get("predictions"));
            assertThat(api.get("/api/v1/endpoints").json().get("endpoints")).hasSize(1);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(PipelinesApplication.class)
                .run("--server.port=0", "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("db/pipelines"),
                        "--pipelines.data-dir=" + dataDir);
    }

    private static ApiClient client(ConfigurableApplicationContext app) {
        return new ApiClient(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    }
}
