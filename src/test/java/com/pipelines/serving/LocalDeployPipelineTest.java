package com.pipelines.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import static com.pipelines.testing.ApiClient.artifact;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The seed's whole pipeline with deployTarget=local: train, deploy, then predict over HTTP. */
@EngineTest
class LocalDeployPipelineTest {

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        assumeTrue(Files.isDirectory(FASHION), "Debian package dataset-fashion-mnist is not installed");
    }

    @Test
    void predictionsOverHttpOnTheTestSetAgreeWithTheRunsAccuracy() throws Exception {
        UUID id = api.startRun("{\"parameterValues\": {\"dataset\": \"fashion-mnist\"}}");
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(180));
        assertThat(run.get("tasks")).hasSize(2);
        JsonNode endpointArtifact = artifact(run, "vertex_endpoint");
        JsonNode modelArtifact = artifact(run, "vertex_model");
        String endpoint = endpointArtifact.get("uri").asString();
        assertThat(endpoint).matches("projects/local-project/locations/us-central1/endpoints/\\d+");
        assertThat(modelArtifact.get("uri").asString()).matches("projects/local-project/locations/us-central1/models/\\d+");
        assertThat(endpointArtifact.get("metadata").get("trafficSplit").toString()).contains(":100");

        byte[] images = idx(FASHION.resolve("t10k-images-idx3-ubyte.gz"), 16);
        byte[] labels = idx(FASHION.resolve("t10k-labels-idx1-ubyte.gz"), 8);
        int correct = 0;
        for (int from = 0; from < labels.length; from += 500) {
            StringBuilder body = new StringBuilder("{\"instances\": [");
            for (int i = from; i < from + 500; i++) {
                body.append(i > from ? ",[" : "[");
                for (int p = 0; p < 784; p++) {
                    body.append(p > 0 ? "," : "").append((images[i * 784 + p] & 0xff) / 255f);
                }
                body.append(']');
            }
            ApiClient.Response response = api.post("/v1/" + endpoint + ":predict", body.append("]}").toString());
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode prediction = response.json();
            assertThat(prediction.get("model").asString()).isEqualTo(modelArtifact.get("uri").asString());
            assertThat(prediction.get("modelDisplayName").asString()).isEqualTo("mnist-model");
            for (int i = 0; i < 500; i++) {
                JsonNode probabilities = prediction.get("predictions").get(i);
                int best = 0;
                for (int c = 1; c < 10; c++) {
                    if (probabilities.get(c).asDouble() > probabilities.get(best).asDouble()) {
                        best = c;
                    }
                }
                correct += best == labels[from + i] ? 1 : 0;
            }
        }
        double httpAccuracy = correct * 100.0 / labels.length;
        assertThat(httpAccuracy).isCloseTo(run.get("metrics").get("acc").asDouble(),
                org.assertj.core.data.Offset.offset(0.02));

        String endpointId = endpoint.substring(endpoint.lastIndexOf('/') + 1);
        JsonNode shown = api.get("/api/v1/endpoints/" + endpointId).json();
        assertThat(shown.get("deployedModels")).hasSize(1);
        assertThat(api.send("DELETE", "/api/v1/endpoints/" + endpointId, null).status()).isEqualTo(409);
    }

    @Test
    void twoModelsOnOneEndpointShareTrafficEightyTwenty() {
        String small = "\"dataset\": \"fashion-mnist\", \"trainLimit\": 1000, \"epochs\": 1";
        JsonNode first = api.awaitState(api.startRun("{\"parameterValues\": {" + small + "}}"), "SUCCEEDED",
                Duration.ofSeconds(120));
        String endpoint = artifact(first, "vertex_endpoint").get("uri").asString();
        JsonNode second = api.awaitState(api.startRun("{\"parameterValues\": {" + small + ", \"seed\": 5, "
                + "\"endpoint\": \"" + endpoint + "\", \"trafficPercentage\": 20}}"), "SUCCEEDED", Duration.ofSeconds(120));
        assertThat(artifact(second, "vertex_endpoint").get("uri").asString()).isEqualTo(endpoint);
        String secondModel = artifact(second, "vertex_endpoint").get("metadata").get("deployedModelId").asString();
        assertThat(artifact(second, "vertex_model").get("metadata").get("versionId").asInt()).isGreaterThan(1);

        String instance = "{\"instances\": [" + "[" + "0.5,".repeat(783) + "0.5]" + "]}";
        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            JsonNode response = api.post("/v1/" + endpoint + ":predict", instance).json();
            served.merge(response.get("deployedModelId").asString(), 1, Integer::sum);
        }
        assertThat(served).hasSize(2);
        assertThat(served.get(secondModel)).isBetween(150, 250);

        String endpointId = endpoint.substring(endpoint.lastIndexOf('/') + 1);
        JsonNode shown = api.get("/api/v1/endpoints/" + endpointId).json();
        assertThat(shown.get("trafficSplit").get(secondModel).asInt()).isEqualTo(20);
        ApiClient.Response bad = api.send("PUT", "/api/v1/endpoints/" + endpointId + "/trafficSplit",
                "{\"trafficSplit\": {\"" + secondModel + "\": 50}}", "Content-Type", "application/json");
        assertThat(bad.status()).isEqualTo(400);
        JsonNode after = api.send("POST", "/api/v1/endpoints/" + endpointId + ":undeployModel",
                "{\"deployedModelId\": \"" + secondModel + "\"}", "Content-Type", "application/json").json();
        assertThat(after.get("deployedModels")).hasSize(1);
        assertThat(after.get("deployedModels").get(0).get("trafficPercentage").asInt()).isEqualTo(100);
        JsonNode response = api.post("/v1/" + endpoint + ":predict", instance).json();
        assertThat(response.get("deployedModelId").asString()).isNotEqualTo(secondModel);
    }

    @Test
    void badInstancesAndUnknownEndpointsAreClientErrors() {
        JsonNode run = api.awaitState(api.startRun("{\"parameterValues\": {\"dataset\": \"fashion-mnist\", "
                + "\"trainLimit\": 500, \"epochs\": 1}}"), "SUCCEEDED", Duration.ofSeconds(120));
        String endpoint = artifact(run, "vertex_endpoint").get("uri").asString();
        String flat = "[" + "0.1,".repeat(783) + "0.1]";
        Map<String, String> cases = Map.of(
                "{\"instances\": []}", "instances",
                "{\"instances\": [[0.1, 0.2, 0.3]]}", "instances[0]",
                "{\"instances\": [" + flat + ", [\"a\"]]}", "instances[1][0]",
                "{\"instances\": [" + flat.replaceFirst("0.1", "1e400") + "]}", "instances[0][0]",
                "{\"instances\": [" + flat.replaceFirst("0.1", "-0.5") + "]}", "instances[0][0]",
                "{\"nope\": 1}", "nope",
                "{\"instances\": [" + flat + "]", "body");
        cases.forEach((body, field) -> {
            ApiClient.Response response = api.post("/v1/" + endpoint + ":predict", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.contentType()).isEqualTo("application/problem+json");
            assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        });
        String tooMany = "{\"instances\": [" + (flat + ",").repeat(1000) + flat + "]}";
        assertThat(api.post("/v1/" + endpoint + ":predict", tooMany).status()).isEqualTo(400);
        assertThat(api.post("/v1/projects/local-project/locations/us-central1/endpoints/123:predict",
                "{\"instances\": [" + flat + "]}").status()).isEqualTo(404);
        assertThat(api.post("/v1/projects/other/locations/us-central1/endpoints/"
                + endpoint.substring(endpoint.lastIndexOf('/') + 1) + ":predict", "{\"instances\": [" + flat + "]}")
                .status()).isEqualTo(404);
    }


    private static byte[] idx(Path file, int header) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            in.skipNBytes(header);
            return in.readAllBytes();
        }
    }
}
