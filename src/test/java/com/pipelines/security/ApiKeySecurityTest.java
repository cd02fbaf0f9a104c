package com.pipelines.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.Stream;

import com.pipelines.PipelinesApplication;
import com.pipelines.testing.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The API with keys configured (reads closed too, by default): 401 without a key, 403 for a READ key changing
 * something, health open, other actuator endpoints closed, dashboard and Swagger UI open, keys never echoed or
 * stored, webhook URLs shown whole only to WRITE keys.
 */
@SpringBootTest(classes = PipelinesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "pipelines.security.keys[0].name=ci",
                "pipelines.security.keys[0].sha256=" + ApiKeySecurityTest.WRITE_HASH,
                "pipelines.security.keys[1].name=dashboard",
                "pipelines.security.keys[1].sha256=" + ApiKeySecurityTest.READ_HASH,
                "pipelines.security.keys[1].role=READ"})
class ApiKeySecurityTest {

    static final String WRITE_KEY = "write-key-0123456789abcdef";
    static final String READ_KEY = "read-key-0123456789abcdef";
    // sha256 of the two keys above
    static final String WRITE_HASH = "1c53fcffe1fc41cb8d13867c2f3beda6534cfa0f4459731b9dcc2fce42b47876";
    static final String READ_HASH = "3a2ad470ef8e0d276d7317cb89583d0721b7206aed974d8df5c480ceee8823a4";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    @Test
    void theConfiguredHashesAreTheKeysHashes() {
        assertThat(HexFormat.of().formatHex(ApiKeyFilter.sha256(WRITE_KEY))).isEqualTo(WRITE_HASH);
        assertThat(HexFormat.of().formatHex(ApiKeyFilter.sha256(READ_KEY))).isEqualTo(READ_HASH);
    }

    @Test
    void changesNeedAWriteKeyAndReadsAKey() {
        String body = "{\"parameterValues\": {\"epochs\": 0}}";
        ApiClient.Response anonymous = api.post("/api/v1/runs", body);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).isEqualTo("application/problem+json");
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(api.send("POST", "/api/v1/runs", body, "Content-Type", "application/json",
                "Authorization", "Bearer wrong-key").status()).isEqualTo(401);
        ApiClient.Response reader = api.send("POST", "/api/v1/runs", body, "Content-Type", "application/json",
                "Authorization", "Bearer " + READ_KEY);
        assertThat(reader.status()).isEqualTo(403);
        assertThat(reader.contentType()).isEqualTo("application/problem+json");
        ApiClient.Response writer = api.send("POST", "/api/v1/runs", body, "Content-Type", "application/json",
                "X-API-Key", WRITE_KEY);
        assertThat(writer.status()).as("authenticated, then validated").isEqualTo(400);
        assertThat(api.send("DELETE", "/api/v1/webhooks/00000000-0000-0000-0000-000000000000", null,
                "Authorization", "Bearer " + READ_KEY).status()).isEqualTo(403);

        assertThat(api.get("/api/v1/runs").status()).isEqualTo(401);
        assertThat(api.get("/api/v1/runs", "Authorization", "Bearer " + READ_KEY).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/runs", "Authorization", "Bearer " + WRITE_KEY).status()).isEqualTo(200);
        assertThat(api.post("/v1/projects/p/locations/l/endpoints/1:predict", "{\"instances\": []}").status())
                .isEqualTo(401);
    }

    @Test
    void aReadKeySeesOnlyTheSchemeAndHostOfAWebhookUrl() {
        String url = "https://8.8.8.8:8443/hooks/T0001/B0002/token-that-must-stay-secret?sig=abc";
        ApiClient.Response created = api.send("POST", "/api/v1/webhooks", "{\"url\": \"" + url
                + "\", \"secret\": \"webhook-secret-0123456789\"}", "Content-Type", "application/json",
                "Authorization", "Bearer " + WRITE_KEY);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        try {
            ApiClient.Response asReader = api.get("/api/v1/webhooks/" + id, "Authorization", "Bearer " + READ_KEY);
            assertThat(asReader.json().get("url").asString()).isEqualTo("https://8.8.8.8:8443");
            assertThat(api.get("/api/v1/webhooks", "Authorization", "Bearer " + READ_KEY).body())
                    .doesNotContain("token-that-must-stay-secret").contains("https://8.8.8.8:8443");
            assertThat(api.get("/api/v1/webhooks/" + id, "Authorization", "Bearer " + WRITE_KEY).json()
                    .get("url").asString()).isEqualTo(url);
        } finally {
            api.send("DELETE", "/api/v1/webhooks/" + id, null, "Authorization", "Bearer " + WRITE_KEY);
        }
    }

    @Test
    void healthDashboardAndDocsStayOpenOtherActuatorEndpointsDoNot() {
        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api.get("/actuator/prometheus", "Authorization", "Bearer " + READ_KEY).status()).isEqualTo(200);
        assertThat(api.get("/actuator/env").status()).isIn(401, 404);
        assertThat(api.get("/").status()).isEqualTo(200);
        assertThat(api.get("/app.js").status()).isEqualTo(200);
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(api.get("/v3/api-docs").status()).isEqualTo(200);
    }

    @Test
    void responsesCarrySecurityHeadersAndNoCorsForUnknownOrigins() {
        ApiClient.Response page = api.get("/");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");
        ApiClient.Response preflight = api.send("OPTIONS", "/api/v1/runs", null, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void keysAreNeitherEchoedNorStoredNorLogged() throws Exception {
        ApiClient.Response created = api.send("POST", "/api/v1/runs", "{\"displayName\": \"secured\", "
                + "\"parameterValues\": {\"trainLimit\": 10, \"dataset\": \"mnist\"}}", "Content-Type",
                "application/json", "Authorization", "Bearer " + WRITE_KEY);
        assertThat(created.status()).isEqualTo(202);
        assertThat(created.body()).doesNotContain(WRITE_KEY);
        for (String table : new String[] {"pipeline_run", "task_log", "run_parameter", "webhook"}) {
            String dump = String.join("\n", jdbc.queryForList("select * from " + table).stream()
                    .map(Object::toString).toList());
            assertThat(dump).as(table).doesNotContain(WRITE_KEY).doesNotContain(READ_KEY);
        }
        Path logs = Path.of("target/surefire-reports");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.filter(f -> f.toString().endsWith("-output.txt")).toList()) {
                    assertThat(Files.readString(file)).as(file.toString()).doesNotContain(WRITE_KEY);
                }
            }
        }
    }
}
