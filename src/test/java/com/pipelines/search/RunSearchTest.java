package com.pipelines.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.pipelines.runs.RunRecorder;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Searching runs by metrics and parameters, ordering by them, and comparing runs, through the API. */
@EngineTest
class RunSearchTest {

    private static final double[] ACCURACIES = {91, 95, 97.5, 99};

    @LocalServerPort
    int port;

    @Autowired
    RunRecorder recorder;

    ApiClient api;
    String prefix;
    List<UUID> ids;

    @BeforeEach
    void fourFinishedRunsWithKnownMetrics() {
        api = new ApiClient(port);
        prefix = "search-" + UUID.randomUUID();
        ids = new ArrayList<>();
        for (int i = 0; i < ACCURACIES.length; i++) {
            ids.add(api.startRun("{\"pipelineName\": \"test-pipeline\", \"displayName\": \"" + prefix + "-" + i
                    + "\", \"parameterValues\": {\"slowMillis\": " + (i + 1) * 100 + "}}"));
        }
        for (int i = 0; i < ids.size(); i++) {
            api.awaitState(ids.get(i), "SUCCEEDED", Duration.ofSeconds(30));
            recorder.metric(ids.get(i), "produce", "acc", ACCURACIES[i], null, null);
        }
    }

    @Test
    void metricAndParameterConditionsAreAnsweredByTheDatabase() {
        assertThat(search("metrics.acc > 96")).containsExactlyInAnyOrder(ids.get(2), ids.get(3));
        assertThat(search("params.slowMillis >= 200 AND params.slowMillis < 400"))
                .containsExactlyInAnyOrder(ids.get(1), ids.get(2));
        assertThat(search("params.behaviour = \"ok\" AND NOT metrics.acc < 95")).hasSize(3);
        assertThat(search("(metrics.acc < 92 OR metrics.acc > 98) AND state = SUCCEEDED"))
                .containsExactlyInAnyOrder(ids.get(0), ids.get(3));
        assertThat(search("metrics.Model = \"TestModel\" AND metrics.\"loss\" <= 0.33")).hasSize(4);
        assertThat(search("displayName = \"x' OR '1'='1\"")).isEmpty();
        assertThat(search("metrics.acc > 1e3")).isEmpty();
    }

    @Test
    void orderByAMetricOrAParameter() {
        assertThat(list("", "metrics.acc desc")).containsExactly(ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(list("", "params.slowMillis")).containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(3));
        assertThat(list("metrics.acc > 94", "displayName desc")).containsExactly(ids.get(3), ids.get(2), ids.get(1));
        JsonNode page = api.get("/api/v1/runs?size=2&orderBy=" + encode("metrics.acc desc") + "&filter="
                + encode("displayName:\"" + prefix + "\"")).json();
        assertThat(page.get("totalElements").asInt()).isEqualTo(4);
        assertThat(page.get("runs")).hasSize(2);
    }

    /** Text values order as text: a choice parameter (modelType, behaviour) and a text metric (Model). */
    @Test
    void orderByATextParameterOrATextMetric() {
        String[] models = {"Linear", "CNN", "Resnet", "MLP"};
        for (int i = 0; i < ids.size(); i++) {
            recorder.metric(ids.get(i), "produce", "Model", null, models[i], null);
        }
        assertThat(list("", "metrics.Model")).containsExactly(ids.get(1), ids.get(0), ids.get(3), ids.get(2));
        assertThat(list("", "metrics.Model desc")).containsExactly(ids.get(2), ids.get(3), ids.get(0), ids.get(1));

        String other = "behaviours-" + UUID.randomUUID();
        List<UUID> runs = new ArrayList<>();
        for (String behaviour : new String[] {"slow", "ok", "fail-once"}) {
            runs.add(api.startRun("{\"pipelineName\": \"test-pipeline\", \"displayName\": \"" + other
                    + "\", \"parameterValues\": {\"behaviour\": \"" + behaviour + "\", \"slowMillis\": 50}}"));
        }
        runs.forEach(id -> api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(30)));
        String filter = "&filter=" + encode("displayName:\"" + other + "\"");
        assertThat(ids(api.get("/api/v1/runs?orderBy=" + encode("params.behaviour desc") + filter).json()))
                .containsExactly(runs.get(0), runs.get(1), runs.get(2));
        assertThat(ids(api.get("/api/v1/runs?orderBy=" + encode("params.behaviour") + filter).json()))
                .containsExactly(runs.get(2), runs.get(1), runs.get(0));
    }

    private static List<UUID> ids(JsonNode page) {
        List<UUID> found = new ArrayList<>();
        page.get("runs").forEach(run -> found.add(UUID.fromString(run.get("id").asString())));
        return found;
    }

    /** A metric logged by two tasks of a run: the run is listed once, by the value logged last (as it shows). */
    @Test
    void aMetricLoggedByTwoTasksListsTheRunOnceByItsLastValue() {
        recorder.metric(ids.get(0), "consume", "acc", 99.5, null, null);
        assertThat(list("", "metrics.acc desc")).containsExactly(ids.get(0), ids.get(3), ids.get(2), ids.get(1));
        assertThat(list("", "metrics.acc")).containsExactly(ids.get(1), ids.get(2), ids.get(3), ids.get(0));
        assertThat(api.run(ids.get(0)).get("metrics").get("acc").asDouble()).isEqualTo(99.5);
    }

    @Test
    void runsWithoutTheValueComeLastNewestFirstAndPagesJoinAcrossThatBoundary() {
        recorder.metric(ids.get(1), "produce", "f1", 0.5, null, null);
        recorder.metric(ids.get(3), "produce", "f1", 0.2, null, null);
        List<UUID> expected = List.of(ids.get(3), ids.get(1), ids.get(2), ids.get(0));
        assertThat(list("", "metrics.f1")).containsExactlyElementsOf(expected);
        List<UUID> paged = new ArrayList<>();
        for (int page = 0; page < 4; page++) {
            JsonNode found = api.get("/api/v1/runs?size=1&page=" + page + "&orderBy=" + encode("metrics.f1")
                    + "&filter=" + encode("displayName:\"" + prefix + "\"")).json();
            assertThat(found.get("totalElements").asInt()).isEqualTo(4);
            found.get("runs").forEach(run -> paged.add(UUID.fromString(run.get("id").asString())));
        }
        assertThat(paged).containsExactlyElementsOf(expected);
        assertThat(list("", "metrics.nobodyLogsThis desc")).containsExactly(ids.get(3), ids.get(2), ids.get(1),
                ids.get(0));
    }

    @Test
    void malformedFiltersAre400sSayingWhere() {
        expectBadRequest("filter", "metrics.acc >", "position 14");
        expectBadRequest("filter", "bogus = 1", "unknown field 'bogus'");
        expectBadRequest("filter", "params.nope = 1", "unknown parameter 'nope'");
        expectBadRequest("filter", "metrics.acc > 1; DROP TABLE pipeline_run", "unexpected character ';'");
        expectBadRequest("filter", "state = EXPLODED", "state is one of");
        expectBadRequest("filter", "createTime > \"yesterday\"", "ISO-8601");
        expectBadRequest("filter", "(metrics.acc > 1", "expected )");
        expectBadRequest("filter", "metrics.acc : 5", "contains");
        expectBadRequest("filter", "displayName = \"open", "not closed");
        expectBadRequest("filter", "(".repeat(40) + "state = QUEUED" + ")".repeat(40), "nested too deeply");
        expectBadRequest("orderBy", "metrics.acc sideways", "expected asc, desc");
        expectBadRequest("orderBy", "secret", "unknown field");
    }

    @Test
    void compareShowsParametersSideBySideWithDifferencesMetricsAndCurves() {
        JsonNode comparison = api.get("/api/v1/runs:compare?ids=" + ids.get(0) + "," + ids.get(3)).json();
        assertThat(comparison.get("runs").get(1).get("id").asString()).isEqualTo(ids.get(3).toString());
        JsonNode slow = row(comparison.get("parameters"), "slowMillis");
        assertThat(slow.get("differs").asBoolean()).isTrue();
        assertThat(slow.get("values").get(0).asInt()).isEqualTo(100);
        assertThat(row(comparison.get("parameters"), "behaviour").get("differs").asBoolean()).isFalse();
        JsonNode acc = row(comparison.get("metrics"), "acc");
        assertThat(acc.get("values").get(1).asDouble()).isEqualTo(99.0);
        assertThat(comparison.get("history").get("loss").get(ids.get(0).toString())).hasSize(3);
        assertThat(comparison.get("history").get("loss").get(ids.get(3).toString()).get(2).get("step").asInt())
                .isEqualTo(3);

        assertThat(api.get("/api/v1/runs:compare?ids=" + ids.get(0)).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/runs:compare?ids=" + ids.get(0) + "," + UUID.randomUUID()).status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/runs:compare?ids=" + ids.get(0) + ",not-a-uuid").status()).isEqualTo(400);
    }

    private List<UUID> search(String condition) {
        return list(condition, null);
    }

    private List<UUID> list(String condition, String orderBy) {
        String filter = "displayName:\"" + prefix + "\"" + (condition.isEmpty() ? "" : " AND (" + condition + ")");
        String path = "/api/v1/runs?size=100&filter=" + encode(filter)
                + (orderBy == null ? "" : "&orderBy=" + encode(orderBy));
        ApiClient.Response response = api.get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<UUID> found = new ArrayList<>();
        response.json().get("runs").forEach(run -> found.add(UUID.fromString(run.get("id").asString())));
        return found;
    }

    private void expectBadRequest(String parameter, String value, String message) {
        ApiClient.Response response = api.get("/api/v1/runs?" + parameter + "=" + encode(value));
        assertThat(response.status()).as(value).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(parameter);
        assertThat(response.json().get("detail").asString()).as(value).contains(message);
    }

    private static JsonNode row(JsonNode rows, String name) {
        for (JsonNode row : rows) {
            if (row.get("name").asString().equals(name)) {
                return row;
            }
        }
        throw new AssertionError("no row " + name);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
