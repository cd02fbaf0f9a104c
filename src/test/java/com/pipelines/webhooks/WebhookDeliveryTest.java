package com.pipelines.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Webhooks against a local HTTP receiver: signatures, a receiver that fails twice, one that never accepts. */
@EngineTest
class WebhookDeliveryTest {

    private static final String SECRET = "test-secret-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Received(String path, Map<String, List<String>> headers, String body) {
    }

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    ApiClient api;
    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> flakyCalls = new ConcurrentHashMap<>();
    final List<String> registered = new ArrayList<>();

    @BeforeEach
    void startReceiver() throws IOException {
        api = new ApiClient(port);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body));
            int status = switch (path) {
                case "/ok" -> 200;
                case "/flaky" -> flakyCalls.computeIfAbsent(runOf(body), k -> new AtomicInteger())
                        .incrementAndGet() <= 2 ? 500 : 204;
                default -> 503;
            };
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        registered.forEach(id -> api.send("DELETE", "/api/v1/webhooks/" + id, null));
        receiver.stop(0);
    }

    @Test
    void finishedRunsAreDeliveredSignedAndRetriedUntilAcceptedOrGivenUp() throws Exception {
        String ok = register("/ok", null);
        String flaky = register("/flaky", "[\"RUN_SUCCEEDED\"]");
        String down = register("/down", "[\"RUN_FAILED\"]");

        UUID succeeded = api.startRun("{\"pipelineName\": \"test-pipeline\"}");
        api.awaitState(succeeded, "SUCCEEDED", Duration.ofSeconds(30));
        JsonNode okDelivery = awaitDelivery(ok, succeeded, "DELIVERED");
        assertThat(okDelivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(okDelivery.get("responseCode").asInt()).isEqualTo(200);

        Received request = requestsFor("/ok", succeeded).get(0);
        JsonNode payload = JSON.readTree(request.body());
        assertThat(payload.get("type").asString()).isEqualTo("run.succeeded");
        assertThat(payload.get("data").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(payload.get("data").get("pipelineName").asString()).isEqualTo("test-pipeline");
        assertThat(header(request, "X-Pipelines-Event")).isEqualTo("run.succeeded");
        assertThat(header(request, "X-Pipelines-Delivery")).isEqualTo(okDelivery.get("id").asString());
        String signature = header(request, "X-Pipelines-Signature");
        String timestamp = signature.substring(2, signature.indexOf(','));
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(60);
        assertThat(signature).endsWith(",v1=" + WebhookSignature.hmac(SECRET, timestamp + "." + request.body()));
        // The HMAC itself, against the well-known HMAC-SHA256 vector.
        assertThat(WebhookSignature.hmac("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");

        JsonNode flakyDelivery = awaitDelivery(flaky, succeeded, "DELIVERED");
        assertThat(flakyDelivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(flakyDelivery.get("responseCode").asInt()).isEqualTo(204);
        assertThat(requestsFor("/flaky", succeeded)).hasSize(3)
                .extracting(r -> JSON.readTree(r.body()).get("id").asString()).containsOnly(
                        flakyDelivery.get("id").asString());
        assertThat(deliveriesFor(down, succeeded)).isEmpty();

        UUID failed = api.startRun("""
                {"pipelineName": "test-pipeline", "parameterValues": {"behaviour": "permanent-fail"}}""");
        api.awaitState(failed, "FAILED", Duration.ofSeconds(30));
        JsonNode given = awaitDelivery(down, failed, "FAILED");
        assertThat(given.get("attempts").asInt()).isEqualTo(4);
        assertThat(given.get("error").asString()).isEqualTo("HTTP 503");
        assertThat(given.get("nextAttemptTime").isNull()).isTrue();
        assertThat(requestsFor("/down", failed)).hasSize(4);
        assertThat(awaitDelivery(ok, failed, "DELIVERED").get("event").asString()).isEqualTo("RUN_FAILED");
        assertThat(deliveriesFor(flaky, failed)).isEmpty();
    }

    @Test
    void registrationIsValidatedAndTheSecretNeverShown() {
        ApiClient.Response created = api.post("/api/v1/webhooks", "{\"url\": \"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/ok\", \"secret\": \"" + SECRET + "\"}");
        assertThat(created.status()).isEqualTo(201);
        registered.add(created.json().get("id").asString());
        assertThat(created.body()).doesNotContain(SECRET);
        assertThat(created.json().get("events")).hasSize(3);
        assertThat(api.get("/api/v1/webhooks").body()).doesNotContain(SECRET);
        String stored = jdbc.queryForObject("select secret from webhook where id = ?", String.class,
                UUID.fromString(created.json().get("id").asString()));
        assertThat(stored).startsWith(WebhookSecrets.PREFIX).doesNotContain(SECRET);

        expectBadRequest("{\"url\": \"ftp://example.com/x\", \"secret\": \"" + SECRET + "\"}", "url");
        expectBadRequest("{\"url\": \"not a url\", \"secret\": \"" + SECRET + "\"}", "url");
        expectBadRequest("{\"url\": \"https://example.com/x\", \"secret\": \"short\"}", "secret");
        expectBadRequest("{\"url\": \"https://example.com/x\", \"secret\": \"" + SECRET
                + "\", \"events\": [\"RUN_EXPLODED\"]}", null);
        expectBadRequest("{\"url\": \"https://example.com/x\", \"secret\": \"" + SECRET + "\", \"extra\": 1}", null);

        // Internal targets (the test configuration allows 127.0.0.1 only, as an operator would an internal host).
        Integer webhooksBefore = jdbc.queryForObject("select count(*) from webhook", Integer.class);
        for (String internal : List.of("http://localhost:8080/actuator/env", "http://169.254.169.254/latest/meta-data",
                "http://10.0.0.7/", "http://[::1]:8080/", "http://[::ffff:127.0.0.2]/", "http://0.0.0.0:8080/",
                "http://2130706433/", "http://192.168.1.1/", "http://[fd00::1]/", "http://100.64.0.1/")) {
            ApiClient.Response refused = api.post("/api/v1/webhooks",
                    "{\"url\": \"" + internal + "\", \"secret\": \"" + SECRET + "\"}");
            assertThat(refused.status()).as(internal).isEqualTo(400);
            assertThat(refused.json().get("detail").asString()).as(internal)
                    .contains("loopback, private or link-local").contains("pipelines.webhooks.allowed-hosts");
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("url");
        }
        assertThat(jdbc.queryForObject("select count(*) from webhook", Integer.class)).isEqualTo(webhooksBefore);

        String id = created.json().get("id").asString();
        assertThat(api.send("DELETE", "/api/v1/webhooks/" + id, null).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/webhooks/" + id + "/deliveries").status()).isEqualTo(404);
    }

    /** One worker: a finished run's delivery does not wait for the training of a run queued behind it. */
    @Test
    void aDeliveryIsSentWhileTheQueuedRunBehindItRuns() throws Exception {
        String webhook = register("/ok", "[\"RUN_SUCCEEDED\"]");
        UUID first = api.startRun("""
                {"pipelineName": "test-pipeline", "parameterValues": {"behaviour": "slow", "slowMillis": 500}}""");
        api.awaitRun(first, run -> run.get("state").asString().equals("RUNNING"), Duration.ofSeconds(30));
        UUID queued = api.startRun("""
                {"pipelineName": "test-pipeline", "parameterValues": {"behaviour": "slow", "slowMillis": 500}}""");
        api.awaitState(queued, "SUCCEEDED", Duration.ofSeconds(30));
        JsonNode delivery = awaitDelivery(webhook, first, "DELIVERED");
        Instant sent = Instant.parse(delivery.get("lastAttemptTime").asString());
        Instant firstEnded = Instant.parse(api.run(first).get("endTime").asString());
        assertThat(Duration.between(firstEnded, sent)).as("control work has workers of its own")
                .isLessThan(Duration.ofSeconds(2));
        assertThat(sent).isBefore(Instant.parse(api.run(queued).get("endTime").asString()));
    }

    /** A name that resolved to an allowed address when registered but to an internal one now is not posted to. */
    @Test
    void aTargetThatNowResolvesInternallyIsRefusedAtDelivery() throws Exception {
        String webhook = register("/ok", "[\"RUN_SUCCEEDED\"]");
        jdbc.update("update webhook set url = ? where id = ?", "http://localhost:" + receiver.getAddress().getPort()
                + "/ok", UUID.fromString(webhook));
        UUID run = api.startRun("{\"pipelineName\": \"test-pipeline\"}");
        api.awaitState(run, "SUCCEEDED", Duration.ofSeconds(30));
        JsonNode delivery = awaitDelivery(webhook, run, "FAILED");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("error").asString()).startsWith("refused: host localhost is ")
                .contains("loopback");
        assertThat(delivery.get("nextAttemptTime").isNull()).isTrue();
        assertThat(requestsFor("/ok", run)).isEmpty();
    }

    private void expectBadRequest(String body, String field) {
        ApiClient.Response response = api.post("/api/v1/webhooks", body);
        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        if (field != null) {
            assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        }
    }

    private String register(String path, String events) {
        ApiClient.Response response = api.post("/api/v1/webhooks", "{\"url\": \"http://127.0.0.1:"
                + receiver.getAddress().getPort() + path + "\", \"secret\": \"" + SECRET + "\""
                + (events == null ? "" : ", \"events\": " + events) + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        String id = response.json().get("id").asString();
        registered.add(id);
        return id;
    }

    private JsonNode awaitDelivery(String webhook, UUID run, String status) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        List<JsonNode> found = List.of();
        while (System.currentTimeMillis() < deadline) {
            found = deliveriesFor(webhook, run);
            if (!found.isEmpty() && found.get(0).get("status").asString().equals(status)) {
                return found.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("delivery of " + run + " to " + webhook + " not " + status + ": " + found);
    }

    private List<JsonNode> deliveriesFor(String webhook, UUID run) {
        List<JsonNode> matching = new ArrayList<>();
        api.get("/api/v1/webhooks/" + webhook + "/deliveries").json().get("deliveries").forEach(d -> {
            if (d.get("runId").asString().equals(run.toString())) {
                matching.add(d);
            }
        });
        return matching;
    }

    private List<Received> requestsFor(String path, UUID run) {
        return received.stream().filter(r -> r.path().equals(path) && runOf(r.body()).equals(run.toString())).toList();
    }

    private static String runOf(String body) {
        return JSON.readTree(body).get("data").get("runId").asString();
    }

    private static String header(Received request, String name) {
        return request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .findFirst().map(e -> e.getValue().get(0)).orElse(null);
    }
}
