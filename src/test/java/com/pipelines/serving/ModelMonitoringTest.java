package com.pipelines.serving;

import static com.pipelines.testing.ApiClient.artifact;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.pipelines.datasets.DatasetFixtures;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Drift: what looks like the training data raises nothing; shifted inputs alert once, as a signed webhook. */
@EngineTest
class ModelMonitoringTest {

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    com.pipelines.PipelinesProperties properties;

    ApiClient api;
    HttpServer receiver;
    final List<String> received = new CopyOnWriteArrayList<>();
    String webhook;

    @BeforeEach
    void setUp() throws IOException {
        api = new ApiClient(port);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        webhook = api.post("/api/v1/webhooks", "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/drift\", \"secret\": \"drift-secret-0123456789\", \"events\": [\"MODEL_DRIFT\"]}")
                .json().get("id").asString();
    }

    @AfterEach
    void tearDown() {
        api.send("DELETE", "/api/v1/webhooks/" + webhook, null);
        receiver.stop(0);
    }

    /** Instances like the table's rows: objects keyed by feature name, optionally shifted. */
    private static String instances(long seed, boolean shifted) {
        StringBuilder body = new StringBuilder("{\"instances\": [");
        List<String> rows = DatasetFixtures.csv(100, seed).lines().skip(1).toList();
        for (int i = 0; i < rows.size(); i++) {
            String[] cells = rows.get(i).split(",", -1);
            double x2 = cells[1].isEmpty() ? 10 : Double.parseDouble(cells[1]);
            body.append(i == 0 ? "" : ",").append("{\"x1\": ").append(cells[0]).append(", \"x2\": ")
                    .append(shifted ? x2 + 15 : x2).append(", \"color\": \"").append(shifted ? "blue" : cells[2])
                    .append("\"}");
        }
        return body.append("]}").toString();
    }

    @Test
    void shiftedInputsAlertOnceAndUnshiftedOnesDoNot() throws Exception {
        String dataset = "drift-table-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postBytes("/api/v1/datasets?name=" + dataset, DatasetFixtures.csv(600, 1)
                .getBytes(StandardCharsets.UTF_8), "text/csv").status()).isEqualTo(201);
        UUID id = api.startRun("""
                {"enableCaching": false, "parameterValues": {"dataset": "%s", "epochs": 10, "learningRate": 0.01}}"""
                .formatted(dataset));
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));
        String endpointName = artifact(run, "vertex_endpoint").get("uri").asString();
        String endpoint = endpointName.substring(endpointName.lastIndexOf('/') + 1);
        ApiClient.Response bad = api.send("PUT", "/api/v1/endpoints/" + endpoint + "/monitoring",
                "{\"samplingRate\": 0, \"windowSize\": 200, \"driftThresholds\": {\"numeric\": 0.3, \"categorical\": 0.3}}",
                "Content-Type", "application/json");
        assertThat(bad.status()).isEqualTo(400);
        ApiClient.Response outside = api.send("PUT", "/api/v1/endpoints/" + endpoint + "/monitoring",
                "{\"samplingRate\": 1, \"windowSize\": 200, \"driftThresholds\": {\"numeric\": 0.3, \"categorical\": 0.3}, "
                        + "\"loggingDestination\": \"file:/etc/predictions\"}", "Content-Type", "application/json");
        assertThat(outside.status()).as(outside.body()).isEqualTo(400);
        assertThat(outside.body()).contains("loggingDestination");
        assertThat(api.get("/api/v1/endpoints/" + endpoint + "/monitoring").json().get("enabled").asBoolean())
                .as("a refused change changes nothing").isFalse();
        java.nio.file.Path logs = properties.resolvedPipelineRoot().resolve("prediction-logs-" + endpoint);
        java.nio.file.Path expired = logs.resolve(endpoint).resolve("2001-01-01").resolve("old.jsonl");
        java.nio.file.Files.createDirectories(expired.getParent());
        java.nio.file.Files.writeString(expired, "{}\n");
        ApiClient.Response on = api.send("PUT", "/api/v1/endpoints/" + endpoint + "/monitoring",
                "{\"samplingRate\": 1, \"windowSize\": 200, \"driftThresholds\": {\"numeric\": 0.3, \"categorical\": 0.3}, "
                        + "\"loggingDestination\": \"" + logs.toUri() + "\"}", "Content-Type", "application/json");
        assertThat(on.status()).as(on.body()).isEqualTo(200);

        for (int batch = 0; batch < 4; batch++) {
            assertThat(api.post("/v1/" + endpointName + ":predict", instances(100 + batch, false)).status())
                    .isEqualTo(200);
        }
        JsonNode calm = awaitReport(endpoint, r -> r.get("window").asInt() == 200);
        assertThat(calm.get("drifting").asBoolean()).as(calm.toString()).isFalse();
        Thread.sleep(1000);
        assertThat(received).as("no alert for data like the training data").isEmpty();
        List<String> logged = loggedLines(logs.resolve(endpoint));
        assertThat(logged).as("every sampled request and response in the store too").hasSize(400);
        JsonNode line = tools.jackson.databind.json.JsonMapper.builder().build().readTree(logged.get(0));
        assertThat(line.get("instance")).hasSize(3);
        assertThat(line.get("predictedLabel").asString()).isIn("high", "mid", "low");
        assertThat(expired).as("a day past the log retention is deleted").doesNotExist();

        for (int batch = 0; batch < 3; batch++) {
            assertThat(api.post("/v1/" + endpointName + ":predict", instances(200 + batch, true)).status())
                    .isEqualTo(200);
        }
        JsonNode drifting = awaitReport(endpoint, r -> r.get("drifting").asBoolean());
        assertThat(drifting.get("drifted").toString()).contains("x2").contains("color");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (received.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).contains("\"type\":\"model.drift\"").contains("x2").contains(endpointName);
        assertThat(api.post("/v1/" + endpointName + ":predict", instances(300, true)).status()).isEqualTo(200);
        Thread.sleep(1000);
        assertThat(received).as("one alert while it stays drifting").hasSize(1);

        JsonNode history = api.get("/api/v1/endpoints/" + endpoint + "/monitoring/history").json()
                .properties().iterator().next().getValue();
        assertThat(history.size()).isGreaterThanOrEqualTo(2);
        JsonNode first = history.get(0);
        JsonNode last = history.get(history.size() - 1);
        assertThat(first.get("drifting").asBoolean()).as("judged calm first: " + history).isFalse();
        assertThat(last.get("drifting").asBoolean()).isTrue();
        assertThat(last.get("score").asDouble()).isGreaterThan(1);
        assertThat(last.get("distances").has("x2")).isTrue();
    }

    /** The JSONL lines below the folder, once the async writer has written them all (400 here). */
    private static List<String> loggedLines(java.nio.file.Path folder) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> lines;
        do {
            lines = new java.util.ArrayList<>();
            if (java.nio.file.Files.isDirectory(folder)) {
                try (var files = java.nio.file.Files.walk(folder)) {
                    for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                        lines.addAll(java.nio.file.Files.readAllLines(file));
                    }
                }
            }
            if (lines.size() >= 400) {
                return lines;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return lines;
    }

    /** The endpoint's only deployed model's drift report, once it satisfies {@code condition} (the log is written async). */
    private JsonNode awaitReport(String endpoint, java.util.function.Predicate<JsonNode> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode report;
        do {
            report = api.get("/api/v1/endpoints/" + endpoint + "/monitoring").json().get("deployedModels")
                    .properties().iterator().next().getValue();
            if (condition.test(report)) {
                return report;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the report never satisfied the condition: " + report);
    }
}
