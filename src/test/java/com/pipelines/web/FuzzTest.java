package com.pipelines.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 1,500 generated malformed or hostile requests (seeded, so a failure can be replayed) across every endpoint:
 * random JSON, wrong types, huge numbers, deep nesting, long strings, odd unicode, injection strings in filters and
 * ids. None may answer 5xx, every error must be a problem+json, and no row may be created anywhere.
 */
@EngineTest
class FuzzTest {

    private static final long SEED = 20261125L;
    private static final int REQUESTS = 1500;
    private static final List<String> TABLES = List.of("pipeline_run", "task_run", "run_parameter", "run_metric",
            "run_artifact", "task_log", "webhook", "webhook_delivery", "endpoint", "registered_model",
            "deployed_model", "idempotency_key", "scheduled_tasks");
    private static final String[] HOSTILE = {
            "' OR '1'='1", "'; DROP TABLE pipeline_run; --", "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%00",
            "\u0000", "\u202e\u202dreversed", "😀🚀", "ｆｕｌｌｗｉｄｔｈ", "\uD800", "<script>alert(1)</script>",
            "${jndi:ldap://x/y}", "#{7*7}", "\\", "\"", "null", "NaN", "-Infinity", "1e400", "-0", "0x10",
            "99999999999999999999999999", "metrics.acc > ", "params.modelType = ", "(((", ")))", "AND OR NOT",
            "metrics.\"", "state = SUCCEEDED OR 1=1", " ", "", "\t\n", "%", "_", "*", "a".repeat(5000)};

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final Random random = new Random(SEED);

    @Test
    void hostileRequestsAreAnsweredWith4xxProblemsAndChangeNothing() {
        ApiClient api = new ApiClient(port);
        Map<String, Long> before = counts();
        List<Supplier<Request>> generators = List.of(
                () -> new Request("POST", "/api/v1/runs", invalidRunBody()),
                () -> new Request("GET", "/api/v1/runs?" + param("filter") + "&" + param("orderBy"), null),
                () -> new Request("GET", "/api/v1/runs?state=" + enc(hostile()) + "&page=" + number()
                        + "&size=" + number() + "&createdAfter=" + enc(hostile()), null),
                () -> new Request("GET", "/api/v1/runs/" + enc(hostile()), null),
                () -> new Request("GET", "/api/v1/runs/" + UUID.randomUUID() + pick("/metrics", "/artifacts",
                        "/logs?after=" + number() + "&limit=" + number()), null),
                () -> new Request("POST", "/api/v1/runs/" + pick(UUID.randomUUID().toString(), enc(hostile()))
                        + pick(":cancel", ":retry"), randomJson(3)),
                () -> new Request("GET", "/api/v1/runs:compare?ids=" + enc(hostile()) + "," + UUID.randomUUID(), null),
                () -> new Request("GET", "/api/v1/pipelines/" + enc(hostile()) + pick("", "/spec",
                        "/components/" + enc(hostile())), null),
                () -> new Request("GET", "/api/v1/pipelines/simple-mnist-pipeline/components/" + enc(hostile()), null),
                () -> new Request("PUT", "/api/v1/endpoints/" + enc(hostile()) + "/trafficSplit", randomJson(3)),
                () -> new Request("POST", "/api/v1/endpoints/" + enc(hostile()) + ":undeployModel", randomJson(3)),
                () -> new Request("DELETE", "/api/v1/endpoints/" + enc(hostile()), null),
                () -> new Request("GET", "/api/v1/" + pick("models/", "endpoints/") + enc(hostile()), null),
                () -> new Request("POST", "/api/v1/webhooks", invalidWebhookBody()),
                () -> new Request(pick("GET", "DELETE"), "/api/v1/webhooks/" + enc(hostile())
                        + pick("", "/deliveries?limit=" + number()), null),
                () -> new Request("POST", "/v1/projects/" + enc(hostile()) + "/locations/us-central1/endpoints/"
                        + enc(hostile()) + ":predict", randomJson(4)),
                () -> new Request("POST", "/v1/projects/local-project/locations/us-central1/endpoints/1:predict",
                        "{\"instances\": " + randomJson(4) + "}"));
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Request request = generators.get(i % generators.size()).get();
            ApiClient.Response response;
            try {
                response = request.body() == null ? api.send(request.method(), request.path(), null)
                        : api.send(request.method(), request.path(), request.body(), "Content-Type", "application/json");
            } catch (RuntimeException e) {
                failures.add(i + ": " + request.shown() + " -> client error " + e);
                continue;
            }
            if (response.status() >= 500) {
                failures.add(i + ": " + request.shown() + " -> " + response.status() + " " + shorten(response.body()));
            } else if (response.status() >= 400 && !"application/problem+json".equals(response.contentType())) {
                failures.add(i + ": " + request.shown() + " -> " + response.status() + " as " + response.contentType());
            } else if (response.status() < 300 && request.method().equals("POST")
                    && !request.path().contains("/api/v1/runs?")) {
                failures.add(i + ": " + request.shown() + " -> accepted " + response.status());
            }
        }
        assertThat(failures).as("requests answered badly (seed " + SEED + ")").isEmpty();
        assertThat(counts()).isEqualTo(before);
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        TABLES.forEach(t -> counts.put(t, jdbc.queryForObject("select count(*) from " + t, Long.class)));
        return counts;
    }

    private String invalidRunBody() {
        return switch (random.nextInt(8)) {
            case 0 -> randomJson(5);
            case 1 -> "{\"parameterValues\": {\"" + jsonEscape(hostile()) + "\": " + randomJson(2) + "}}";
            case 2 -> "{\"parameterValues\": {\"epochs\": " + pick("1e400", "\"3\"", "-1", "3.5", "[]", "{}",
                    "99999999999999999999") + "}}";
            case 3 -> "{\"displayName\": \"" + jsonEscape(hostile()) + "\", \"jobId\": \"" + jsonEscape(hostile())
                    + "UPPER\"}";
            case 4 -> "[".repeat(random.nextInt(3000) + 1);
            case 5 -> "{\"pipelineRoot\": \"" + jsonEscape(pick("/etc", "../..", "s3://x", "gs://", hostile()))
                    + "\", \"pipelineName\": 7}";
            case 6 -> "{\"cacheMaxStaleness\": \"" + jsonEscape(hostile()) + "x\", \"enableCaching\": \"yes\"}";
            default -> "{\"pipelineName\": \"" + jsonEscape(hostile()) + "-nope\", \"" + jsonEscape(hostile())
                    + "x\": 1}";
        };
    }

    private String invalidWebhookBody() {
        return switch (random.nextInt(4)) {
            case 0 -> randomJson(4);
            case 1 -> "{\"url\": \"" + jsonEscape(pick("file:///etc/passwd", "javascript:alert(1)", "ftp://x",
                    "http://", hostile())) + "\", \"secret\": \"" + "s".repeat(20) + "\"}";
            case 2 -> {
                String secret = jsonEscape(hostile());
                yield "{\"url\": \"https://example.com/h\", \"secret\": \"" + secret.substring(0,
                        Math.min(10, secret.length())) + "\", \"events\": [\"" + jsonEscape(hostile()) + "\"]}";
            }
            default -> "{\"url\": \"https://example.com/h\", \"secret\": \"" + "s".repeat(20) + "\", \"events\": "
                    + randomJson(2) + ", \"unknown\": true}";
        };
    }

    private String randomJson(int depth) {
        int kind = random.nextInt(depth <= 0 ? 5 : 8);
        return switch (kind) {
            case 0 -> "\"" + jsonEscape(hostile()) + "\"";
            case 1 -> pick("1e400", "-1", "0", "3.14", "99999999999999999999999", "-0.0", "1E-400");
            case 2 -> pick("true", "false", "null");
            case 3 -> pick("{", "[", "}", "]", ",", ":", "\"unterminated", "'single'", "NaN", "undefined");
            case 4 -> "[" + "[".repeat(random.nextInt(200)) + "]".repeat(random.nextInt(200)) + "]";
            case 5 -> "[" + randomJson(depth - 1) + ", " + randomJson(depth - 1) + "]";
            case 6 -> "{\"" + jsonEscape(hostile()) + "\": " + randomJson(depth - 1) + "}";
            default -> "{\"instances\": [" + randomJson(depth - 1) + "], \"trafficSplit\": {\"" + jsonEscape(hostile())
                    + "\": " + randomJson(depth - 1) + "}, \"deployedModelId\": " + randomJson(depth - 1) + "}";
        };
    }

    private String param(String name) {
        return name + "=" + enc(random.nextBoolean() ? hostile() : "metrics." + hostile() + " " + hostile());
    }

    private String hostile() {
        String base = HOSTILE[random.nextInt(HOSTILE.length)];
        return random.nextInt(4) == 0 ? base + HOSTILE[random.nextInt(HOSTILE.length)] : base;
    }

    private String number() {
        return pick("-1", "0", "1e400", "99999999999999999999", "abc", "", "2147483648", "-2147483649", "1.5");
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String shorten(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    record Request(String method, String path, String body) {
        String shown() {
            return method + " " + shorten(path) + (body == null ? "" : " " + shorten(body));
        }
    }
}
