package com.pipelines.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Each malformed request gets the right 4xx as a problem detail, names the field at fault, and writes nothing. */
@EngineTest
class MalformedRequestTest {

    private static final String RUNS = "/api/v1/runs";
    private static final String UNKNOWN = "/api/v1/runs/00000000-0000-0000-0000-000000000000";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    record Case(String method, String path, String body, String contentType, int status, String field) {

        Case withField(String expected) {
            return new Case(method, path, body, contentType, status, expected);
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : body.length() > 60 ? body.substring(0, 60) + "…" : body;
            return method + " " + path + " " + shown + " -> " + status;
        }
    }

    static Case post(String body, int status, String field) {
        return new Case("POST", RUNS, body, "application/json", status, field);
    }

    static Case params(String parameterValues, String field) {
        return post("{\"parameterValues\": " + parameterValues + "}", 400, "parameterValues." + field);
    }

    static Case get(String path, int status, String field) {
        return new Case("GET", path, null, null, status, field);
    }

    static Stream<Arguments> cases() {
        String nested = "[".repeat(5000) + "]".repeat(5000);
        return Stream.of(
                post("{bad", 400, null),
                post("", 400, null),
                post("[1, 2]", 400, null),
                post("\"just a string\"", 400, null),
                post("{\"displayName\": 5}", 400, "displayName"),
                post("{\"displayName\": \"\"}", 400, "displayName"),
                post("{\"displayName\": \"" + "x".repeat(500) + "\"}", 400, "displayName"),
                post("{\"displayName\": \"nul\\u0000char\"}", 400, "displayName"),
                post("{\"enableCaching\": \"yes\"}", 400, "enableCaching"),
                post("{\"enableCaching\": 1}", 400, "enableCaching"),
                post("{\"surprise\": true}", 400, "surprise"),
                post("{\"jobId\": \"UPPER-case\"}", 400, "jobId"),
                post("{\"jobId\": \"" + "a".repeat(200) + "\"}", 400, "jobId"),
                post("{\"parameterValues\": [1]}", 400, "parameterValues"),
                post("{\"parameterValues\": {\"epochs\": " + nested + "}}", 400, null),
                post("{\"pipelineName\": \"no-such-pipeline\"}", 404, "pipelineName"),
                post("{\"pipelineRoot\": \"relative/folder\"}", 400, "pipelineRoot"),
                post("{\"pipelineRoot\": \"/etc\"}", 400, "pipelineRoot"),
                post("{\"pipelineRoot\": \"/tmp/../etc\"}", 400, "pipelineRoot"),
                post("{\"pipelineRoot\": \"s3://bucket/root\"}", 400, "pipelineRoot"),
                post("{\"pipelineRoot\": \"gs://\"}", 400, "pipelineRoot"),
                post("{\"pipelineRoot\": \"gs://Bad_Bucket!/x\"}", 400, "pipelineRoot"),
                post("{\"pipelineRoot\": \"gs://bucket/a/../../other\"}", 400, "pipelineRoot"),
                post("{\"pipelineRoot\": 5}", 400, "pipelineRoot"),
                post("{\"pipelineRoot\": \"\"}", 400, "pipelineRoot"),
                post("{\"cacheMaxStaleness\": \"7 days\"}", 400, "cacheMaxStaleness"),
                post("{\"cacheMaxStaleness\": \"-P1D\"}", 400, "cacheMaxStaleness"),
                post("{\"cacheMaxStaleness\": 86400}", 400, "cacheMaxStaleness"),
                params("{\"deployTarget\": \"vertex\"}", "pipelineRoot").withField("pipelineRoot"),
                params("{\"deployTarget\": \"gke\"}", "deployTarget"),
                params("{\"acceleratorType\": \"NVIDIA_TESLA_T4\"}", "acceleratorCount"),
                params("{\"acceleratorType\": \"QUANTUM_9000\", \"acceleratorCount\": 1}", "acceleratorType"),
                params("{\"epochs\": \"3\"}", "epochs"),
                params("{\"epochs\": 0}", "epochs"),
                params("{\"epochs\": 1001}", "epochs"),
                params("{\"epochs\": 3.5}", "epochs"),
                params("{\"epochs\": 100000000000000000000000000000000000}", "epochs"),
                params("{\"epochs\": null}", "epochs"),
                params("{\"batchSize\": -1}", "batchSize"),
                params("{\"learningRate\": 0}", "learningRate"),
                params("{\"learningRate\": 2}", "learningRate"),
                params("{\"learningRate\": 1e400}", "learningRate"),
                params("{\"learningRate\": \"fast\"}", "learningRate"),
                params("{\"modelType\": \"rnn\"}", "modelType"),
                params("{\"dataset\": \"cifar10\"}", "dataset"),
                params("{\"dataset\": {\"name\": \"mnist\"}}", "dataset"),
                params("{\"trainLimit\": 0}", "trainLimit"),
                params("{\"seed\": -1}", "seed"),
                params("{\"region\": \"US CENTRAL\"}", "region"),
                params("{\"project\": \"'; drop table pipeline_run; --\"}", "project"),
                params("{\"minReplicaCount\": 3, \"maxReplicaCount\": 2}", "maxReplicaCount"),
                params("{\"trafficPercentage\": 101}", "trafficPercentage"),
                params("{\"noSuchParameter\": 1}", "noSuchParameter"),
                new Case("POST", RUNS, "{}", "text/plain", 415, null),
                new Case("POST", RUNS, "{}", null, 415, null),
                new Case("POST", RUNS, "{\"displayName\": \"" + "x".repeat(2_000_000) + "\"}", "application/json",
                        413, null),
                new Case("DELETE", RUNS, null, null, 405, null),
                new Case("PUT", UNKNOWN, "{}", "application/json", 405, null),
                new Case("POST", UNKNOWN + ":cancel", null, null, 404, "id"),
                new Case("POST", "/api/v1/runs/not-a-uuid:cancel", null, null, 400, "id"),
                get("/api/v1/runs/not-a-uuid", 400, "id"),
                get("/api/v1/runs/1%27%20or%201=1", 400, "id"),
                get(UNKNOWN, 404, "id"),
                get(UNKNOWN + "/metrics", 404, "id"),
                get(UNKNOWN + "/artifacts", 404, "id"),
                get(UNKNOWN + "/logs", 404, "id"),
                get(RUNS + "?page=-1", 400, "page"),
                get(RUNS + "?page=abc", 400, "page"),
                get(RUNS + "?size=0", 400, "size"),
                get(RUNS + "?size=101", 400, "size"),
                get(RUNS + "?size=99999999999999999999", 400, "size"),
                get(RUNS + "?state=DONE", 400, "state"),
                get(RUNS + "?createdAfter=yesterday", 400, "createdAfter"),
                get(RUNS + "?displayName=" + "x".repeat(300), 400, "displayName"),
                get(UNKNOWN + "/logs?limit=0", 400, "limit"),
                get("/api/v1/pipelines/no-such-pipeline", 404, "pipelineName"),
                get("/api/v1/no-such-thing", 404, null)
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedRequestGetsAProblemAndChangesNothing(Case c) {
        Map<String, Long> before = counts();
        List<String> headers = c.contentType() == null ? List.of() : List.of("Content-Type", c.contentType());
        ApiClient.Response response = api.send(c.method(), c.path(), c.body(), headers.toArray(String[]::new));

        assertThat(response.status()).as(response.body()).isEqualTo(c.status());
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        var problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(c.status());
        assertThat(problem.get("title").asString()).isNotBlank();
        if (c.field() != null) {
            assertThat(problem.get("errors")).as(response.body()).isNotNull();
            List<String> fields = problem.get("errors").valueStream().map(e -> e.get("field").asString()).toList();
            assertThat(fields).contains(c.field());
        }
        assertThat(counts()).isEqualTo(before);
    }

    private Map<String, Long> counts() {
        return Map.of(
                "runs", count("pipeline_run"),
                "tasks", count("task_run"),
                "executions", count("scheduled_tasks"),
                "logs", count("task_log"));
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }
}
