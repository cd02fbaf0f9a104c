package com.pipelines.serving;

import static com.pipelines.testing.ApiClient.artifact;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import com.pipelines.artifacts.ArtifactStore;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestDatasets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** What a client of {@code :predict} sees when the model, not the request, is the problem; a chunked big body. */
@EngineTest
class ServingFailuresTest {

    private static final String ONE = "{\"instances\": [[" + "0.1,".repeat(783) + "0.1]]}";

    @LocalServerPort
    int port;

    @Autowired
    ModelServer server;

    @Test
    void aDeployedModelWhoseSavedModelIsGoneAnswers503NamingIt() throws Exception {
        TestDatasets.assumeFashionMnist();
        ApiClient api = new ApiClient(port);
        JsonNode run = api.awaitState(api.startRun("{\"enableCaching\": false, \"parameterValues\": {\"dataset\": \"fashion-mnist\", "
                + "\"trainLimit\": 300, \"epochs\": 1}}"), "SUCCEEDED", Duration.ofSeconds(120));
        String endpoint = artifact(run, "vertex_endpoint").get("uri").asString();
        assertThat(api.post("/v1/" + endpoint + ":predict", ONE).status()).isEqualTo(200);
        aChunkedPredictBodyOverTheLimitIs413(endpoint);

        Path model = ArtifactStore.localPath(artifact(run, "output_model").get("uri").asString());
        ArtifactStore.deleteRecursively(model);
        server.close(); // as after a restart: nothing loaded
        ApiClient.Response missing = api.post("/v1/" + endpoint + ":predict", ONE);
        assertThat(missing.status()).as(missing.body()).isEqualTo(503);
        assertThat(missing.contentType()).isEqualTo("application/problem+json");
        String deployedModelId = api.get("/api/v1/" + endpoint.substring(endpoint.indexOf("endpoints/")))
                .json().get("deployedModels").get(0).get("id").asString();
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("deployedModelId");
        assertThat(missing.json().get("detail").asString()).contains("deployed model " + deployedModelId)
                .contains("is missing").doesNotContain("Exception");

        Files.createDirectories(model);
        Files.writeString(model.resolve("saved_model.pb"), "not a protocol buffer");
        ApiClient.Response unreadable = api.post("/v1/" + endpoint + ":predict", ONE);
        assertThat(unreadable.status()).as(unreadable.body()).isEqualTo(503);
        assertThat(unreadable.json().get("detail").asString()).contains("is unreadable");
    }

    /** 33 MiB sent chunked (no Content-Length): refused while being read, not mistaken for malformed JSON. */
    private void aChunkedPredictBodyOverTheLimitIs413(String endpoint) throws Exception {
        byte[] head = "{\"instances\": ".getBytes(StandardCharsets.UTF_8);
        byte[] spaces = new byte[1 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        List<InputStream> parts = new java.util.ArrayList<>();
        parts.add(new ByteArrayInputStream(head));
        for (int i = 0; i < 33; i++) {
            parts.add(new ByteArrayInputStream(spaces));
        }
        parts.add(new ByteArrayInputStream("[[0.1]]}".getBytes(StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/" + endpoint
                        + ":predict"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new SequenceInputStream(Collections.enumeration(parts))))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
