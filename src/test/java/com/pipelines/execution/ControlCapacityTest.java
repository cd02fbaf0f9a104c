package com.pipelines.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestDatasets;
import com.pipelines.testing.FakeVertexAi;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Control work has workers of its own: while a 100-epoch CNN trains on the only step worker, a cancelled run's
 * webhook arrives within 2 s and a run executed on Vertex AI Pipelines is polled to its end.
 */
@EngineTest
class ControlCapacityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    FakeVertexAi vertex;

    @Test
    void controlWorkNeverWaitsBehindATraining() throws Exception {
        TestDatasets.assumeFashionMnist();
        ApiClient api = new ApiClient(port);
        vertex.reset();
        Map<String, Long> receivedAt = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            receivedAt.put(JSON.readTree(body).get("data").get("runId").asString(), System.nanoTime());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String webhook = api.post("/api/v1/webhooks", "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/hook\", \"secret\": \"control-secret-0123456789\", \"events\": [\"RUN_CANCELLED\"]}")
                .json().get("id").asString();
        UUID training = api.startRun("""
                {"displayName": "long cnn", "enableCaching": false, "parameterValues": {"dataset": "fashion-mnist",
                 "modelType": "cnn", "trainLimit": 600, "epochs": 100}}""");
        try {
            api.awaitRun(training, run -> ApiClient.task(run, "load-data-and-training").path("progress")
                    .path("fraction").asDouble() > 0.0, Duration.ofSeconds(60));
            UUID queued = api.startRun("{\"pipelineName\": \"test-pipeline\"}");
            UUID remote = api.startRun("""
                    {"executor": "vertex-pipelines", "pipelineRoot": "gs://ml-bucket/pipeline_root",
                     "parameterValues": {"dataset": "fashion-mnist", "deployTarget": "vertex",
                     "project": "ml-project", "region": "europe-west4"}}""");
            assertThat(api.run(queued).get("state").asString()).isEqualTo("QUEUED");

            long cancelled = System.nanoTime();
            assertThat(api.post("/api/v1/runs/" + queued + ":cancel", "").status()).isEqualTo(202);
            while (!receivedAt.containsKey(queued.toString())
                    && System.nanoTime() - cancelled < Duration.ofSeconds(10).toNanos()) {
                Thread.sleep(5);
            }
            assertThat(receivedAt).as("RUN_CANCELLED webhook received").containsKey(queued.toString());
            Duration delay = Duration.ofNanos(receivedAt.get(queued.toString()) - cancelled);
            System.out.printf("control capacity: RUN_CANCELLED webhook received %d ms after the cancel, "
                    + "while a CNN trained on the only worker%n", delay.toMillis());
            assertThat(delay).isLessThan(Duration.ofSeconds(2));

            JsonNode mirrored = api.awaitState(remote, "SUCCEEDED", Duration.ofSeconds(20));
            assertThat(ApiClient.task(mirrored, "deploy-model").get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(api.run(training).get("state").asString()).as("the training still holds the worker")
                    .isEqualTo("RUNNING");
        } finally {
            api.post("/api/v1/runs/" + training + ":cancel", "");
            api.awaitState(training, "CANCELLED", Duration.ofSeconds(60));
            api.send("DELETE", "/api/v1/webhooks/" + webhook, null);
            receiver.stop(0);
        }
    }
}
