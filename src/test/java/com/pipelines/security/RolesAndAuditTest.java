package com.pipelines.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pipelines.PipelinesApplication;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Roles: a table of operations × roles, each refused (403) or let through to validation, with the legacy WRITE
 * role still allowed everything; every state-changing request — allowed or refused — in the audit log, which only
 * an admin reads; the key's name recorded as a run's and a schedule's createdBy.
 */
@SpringBootTest(classes = PipelinesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "pipelines.security.keys[0].name=reader",
                "pipelines.security.keys[0].sha256=3a2ad470ef8e0d276d7317cb89583d0721b7206aed974d8df5c480ceee8823a4",
                "pipelines.security.keys[0].role=READ",
                "pipelines.security.keys[1].name=runner",
                "pipelines.security.keys[1].sha256=94d0c161abce6ea7873dfd29ec8a849f768237c1dcb1fd43eb050f6716bb57fb",
                "pipelines.security.keys[1].role=RUN",
                "pipelines.security.keys[2].name=deployer",
                "pipelines.security.keys[2].sha256=c57c5011e38afa97b1ef3e3c967b95e5936cebe5485f3f04d9bca7526dc9ac8d",
                "pipelines.security.keys[2].role=DEPLOY",
                "pipelines.security.keys[3].name=admin",
                "pipelines.security.keys[3].sha256=1b3af7d2f1f3428ee7d76d5be730b93565efcf2ecbb7819caf9002bca23d4545",
                "pipelines.security.keys[3].role=ADMIN",
                "pipelines.security.keys[4].name=legacy",
                "pipelines.security.keys[4].sha256=1c53fcffe1fc41cb8d13867c2f3beda6534cfa0f4459731b9dcc2fce42b47876",
                "pipelines.security.keys[4].role=WRITE"})
@Import(TestPipelines.class)
class RolesAndAuditTest {

    private static final Map<String, String> KEYS = new java.util.LinkedHashMap<>();

    static {
        KEYS.put("read", "read-key-0123456789abcdef");
        KEYS.put("run", "run-key-0123456789abcdef");
        KEYS.put("deploy", "deploy-key-0123456789abcdef");
        KEYS.put("admin", "admin-key-0123456789abcdef");
        KEYS.put("write", "write-key-0123456789abcdef");
    }

    private static final String NO_ID = "00000000-0000-0000-0000-000000000000";

    /** An operation, with the roles allowed to do it. */
    private record Operation(String method, String path, String body, List<String> allowed) {
    }

    private static final List<Operation> TABLE = List.of(
            new Operation("GET", "/api/v1/runs", null, List.of("read", "run", "deploy", "admin", "write")),
            new Operation("POST", "/v1/projects/p/locations/l/endpoints/1:predict", "{\"instances\": []}",
                    List.of("read", "run", "deploy", "admin", "write")),
            new Operation("POST", "/api/v1/runs", "{\"parameterValues\": {\"epochs\": 0}}",
                    List.of("run", "admin", "write")),
            new Operation("POST", "/api/v1/runs/" + NO_ID + ":cancel", null, List.of("run", "admin", "write")),
            new Operation("PATCH", "/api/v1/runs/" + NO_ID, "{\"labels\": {}}", List.of("run", "admin", "write")),
            new Operation("POST", "/api/v1/schedules", "{}", List.of("run", "admin", "write")),
            new Operation("POST", "/api/v1/experiments", "{}", List.of("run", "admin", "write")),
            new Operation("POST", "/api/v1/webhooks", "{}", List.of("run", "admin", "write")),
            new Operation("POST", "/api/v1/datasets", "{}", List.of("run", "admin", "write")),
            new Operation("POST", "/api/v1/models:upload", "{}", List.of("deploy", "admin", "write")),
            new Operation("POST", "/api/v1/endpoints", "{}", List.of("deploy", "admin", "write")),
            new Operation("PUT", "/api/v1/endpoints/1/trafficSplit", "{}", List.of("deploy", "admin", "write")),
            new Operation("POST", "/api/v1/batchPredictionJobs", "{}", List.of("deploy", "admin", "write")),
            new Operation("DELETE", "/api/v1/runs/" + NO_ID, null, List.of("admin", "write")),
            new Operation("DELETE", "/api/v1/schedules/" + NO_ID, null, List.of("admin", "write")),
            new Operation("POST", "/api/v1/workers:resume", null, List.of("admin", "write")),
            new Operation("GET", "/api/v1/auditLog", null, List.of("admin", "write")));

    @LocalServerPort
    int port;

    @Test
    void eachRoleMayDoWhatItsTableSaysAndEveryChangeIsAudited() {
        ApiClient api = new ApiClient(port);
        List<String> wrong = new ArrayList<>();
        for (Operation operation : TABLE) {
            for (Map.Entry<String, String> role : KEYS.entrySet()) {
                ApiClient.Response response = operation.body() == null
                        ? api.send(operation.method(), operation.path(), null, "Authorization", "Bearer " + role.getValue())
                        : api.send(operation.method(), operation.path(), operation.body(), "Content-Type",
                        "application/json", "Authorization", "Bearer " + role.getValue());
                boolean allowed = operation.allowed().contains(role.getKey());
                boolean refused = response.status() == 403 || response.status() == 401;
                if (allowed == refused) {
                    wrong.add(operation.method() + " " + operation.path() + " as " + role.getKey() + ": "
                            + response.status());
                }
                if (refused) {
                    assertThat(response.contentType()).isEqualTo("application/problem+json");
                }
            }
        }
        assertThat(wrong).as("operations × roles").isEmpty();

        JsonNode audit = api.get("/api/v1/auditLog?key=reader&resource=/api/v1/runs&size=100",
                "Authorization", "Bearer " + KEYS.get("admin")).json();
        List<String> seen = new ArrayList<>();
        audit.get("events").forEach(e -> seen.add(e.get("method").asString() + " " + e.get("resource").asString()
                + " " + e.get("status").asInt()));
        assertThat(seen).as("refusals are audited too").contains("POST /api/v1/runs 403",
                "DELETE /api/v1/runs/" + NO_ID + " 403");
        assertThat(seen).as("reads are not audited").noneMatch(s -> s.startsWith("GET"));
        JsonNode runnerCreates = api.get("/api/v1/auditLog?key=runner&resource=/api/v1/runs&size=100",
                "Authorization", "Bearer " + KEYS.get("admin")).json().get("events");
        JsonNode create = null;
        for (JsonNode e : runnerCreates) {
            if (e.get("resource").asString().equals("/api/v1/runs") && e.get("status").asInt() == 400) {
                create = e;
            }
        }
        assertThat(create).isNotNull();
        assertThat(create.get("operation").asString()).isEqualTo("createRun");
        assertThat(create.get("status").asInt()).isEqualTo(400);
        assertThat(create.get("clientAddress").asString()).isEqualTo("127.0.0.1");
        assertThat(api.get("/api/v1/auditLog?size=501", "Authorization", "Bearer " + KEYS.get("admin")).status())
                .isEqualTo(400);
        for (String time : List.of("since=%2B999999999-12-31T23:59:59Z", "until=-999999999-01-01T00:00:00Z",
                "since=not-a-time")) {
            ApiClient.Response bad = api.get("/api/v1/auditLog?" + time, "Authorization", "Bearer "
                    + KEYS.get("admin"));
            assertThat(bad.status()).as(time).isEqualTo(400);
            assertThat(bad.contentType()).isEqualTo("application/problem+json");
        }
        ApiClient.Response anonymous = api.post("/api/v1/experiments", "{\"name\": \"anonymous\"}");
        assertThat(anonymous.status()).isEqualTo(401);
        JsonNode last = api.get("/api/v1/auditLog?resource=/api/v1/experiments&size=1", "Authorization",
                "Bearer " + KEYS.get("admin")).json().get("events").get(0);
        assertThat(last.get("status").asInt()).isEqualTo(401);
        assertThat(last.get("key").isNull()).isTrue();
    }

    @Test
    void anEndpointARunsDeployStepMakesIsRecordedAsTheKeyThatStartedTheRun() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(
                java.nio.file.Path.of("/usr/share/datasets/fashion-mnist")), "dataset-fashion-mnist missing");
        ApiClient api = new ApiClient(port);
        ApiClient.Response started = api.send("POST", "/api/v1/runs", "{\"parameterValues\": {\"dataset\": "
                + "\"fashion-mnist\", \"trainLimit\": 200, \"epochs\": 1, \"deployTarget\": \"local\"}}",
                "Content-Type", "application/json", "Authorization", "Bearer " + KEYS.get("run"));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().get("id").asString();
        JsonNode run = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            run = api.get("/api/v1/runs/" + id, "Authorization", "Bearer " + KEYS.get("read")).json();
            if (run.get("state").asString().matches("SUCCEEDED|FAILED")) {
                break;
            }
            Thread.onSpinWait();
        }
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        String endpoint = null;
        for (JsonNode artifact : run.get("artifacts")) {
            if (artifact.get("name").asString().equals("vertex_endpoint")) {
                String uri = artifact.get("uri").asString();
                endpoint = uri.substring(uri.lastIndexOf('/') + 1);
            }
        }
        JsonNode shown = api.get("/api/v1/endpoints/" + endpoint, "Authorization", "Bearer " + KEYS.get("read"))
                .json();
        assertThat(shown.get("createdBy").asString()).as(shown.toString()).isEqualTo("runner");
    }

    @Test
    void theKeyThatStartedARunOrCreatedAScheduleIsItsCreator() {
        ApiClient api = new ApiClient(port);
        ApiClient.Response started = api.send("POST", "/api/v1/runs", "{\"pipelineName\": \""
                + TestPipelines.PIPELINE + "\"}", "Content-Type", "application/json",
                "Authorization", "Bearer " + KEYS.get("run"));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        UUID id = UUID.fromString(started.json().get("id").asString());
        JsonNode run = api.get("/api/v1/runs/" + id, "Authorization", "Bearer " + KEYS.get("read")).json();
        assertThat(run.get("createdBy").asString()).isEqualTo("runner");
        assertThat(run.get("experiment").asString()).isEqualTo("Default");
        ApiClient.Response schedule = api.send("POST", "/api/v1/schedules", "{\"displayName\": \"nightly\", "
                + "\"pipelineName\": \"" + TestPipelines.PIPELINE + "\", \"interval\": \"PT1H\"}", "Content-Type",
                "application/json", "Authorization", "Bearer " + KEYS.get("admin"));
        assertThat(schedule.status()).as(schedule.body()).isEqualTo(201);
        assertThat(schedule.json().get("createdBy").asString()).isEqualTo("admin");
        ApiClient.Response endpoint = api.send("POST", "/api/v1/endpoints", "{\"displayName\": \"mine\"}",
                "Content-Type", "application/json", "Authorization", "Bearer " + KEYS.get("deploy"));
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
        assertThat(endpoint.json().get("createdBy").asString()).isEqualTo("deployer");
        String spec = api.get("/api/v1/pipelines/" + TestPipelines.PIPELINE + "/spec", "Authorization", "Bearer "
                + KEYS.get("read")).body();
        ApiClient.Response pipeline = api.send("POST", "/api/v1/pipelines?name=uploaded-by-runner", spec,
                "Content-Type", "application/json", "Authorization", "Bearer " + KEYS.get("run"));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        assertThat(pipeline.json().toString()).contains("\"createdBy\":\"runner\"");
        String byRunner = api.get("/api/v1/runs?filter=" + java.net.URLEncoder.encode("createdBy = \"runner\"",
                java.nio.charset.StandardCharsets.UTF_8), "Authorization", "Bearer " + KEYS.get("read")).body();
        assertThat(byRunner).contains(id.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !api.get("/api/v1/runs/" + id, "Authorization", "Bearer "
                + KEYS.get("read")).json().get("state").asString().matches("SUCCEEDED|FAILED")) {
            Thread.onSpinWait();
        }
    }
}
