package com.pipelines.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Experiments group runs; labels find them; archiving takes runs out of the default list and keeps them. */
@EngineTest
class ExperimentsTest {

    @LocalServerPort
    int port;

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("runs").forEach(r -> ids.add(r.get("id").asString()));
        return ids;
    }

    @Test
    void runsJoinAnExperimentCarryLabelsAndAreArchivedWithIt() {
        ApiClient api = new ApiClient(port);
        String name = "sweep-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = api.post("/api/v1/experiments", "{\"name\": \"" + name + "\", \"description\": "
                + "\"learning rates\", \"labels\": {\"team\": \"vision\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(api.post("/api/v1/experiments", "{\"name\": \"" + name + "\"}").status()).isEqualTo(409);
        ApiClient.Response badLabels = api.post("/api/v1/experiments", "{\"name\": \"x-" + name + "\", \"labels\": "
                + "{\"Team\": \"vision\"}}");
        assertThat(badLabels.status()).isEqualTo(400);
        assertThat(badLabels.body()).contains("labels.Team");
        assertThat(api.get("/api/v1/experiments/x-" + name).status()).as("a refusal creates nothing").isEqualTo(404);

        List<UUID> runs = new ArrayList<>();
        for (String lr : List.of("a", "b", "c")) {
            runs.add(api.startRun("{\"pipelineName\": \"" + TestPipelines.PIPELINE + "\", \"experiment\": \"" + name
                    + "\", \"labels\": {\"lr\": \"" + lr + "\", \"team\": \"vision\"}}"));
        }
        runs.forEach(id -> api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(60)));
        ApiClient.Response unknown = api.post("/api/v1/runs", "{\"pipelineName\": \"" + TestPipelines.PIPELINE
                + "\", \"experiment\": \"no-such-experiment\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"field\":\"experiment\"");
        assertThat(api.post("/api/v1/runs", "{\"pipelineName\": \"" + TestPipelines.PIPELINE
                + "\", \"labels\": {\"lr\": \"UPPER\"}}").status()).isEqualTo(400);

        JsonNode inExperiment = api.get("/api/v1/runs?experiment=" + encode(name) + "&orderBy=displayName").json();
        assertThat(inExperiment.get("totalElements").asInt()).isEqualTo(3);
        assertThat(inExperiment.get("runs").get(0).get("labels").get("team").asString()).isEqualTo("vision");
        assertThat(ids(api.get("/api/v1/runs?filter=" + encode("experiment = \"" + name + "\" AND labels.lr = \"b\""))
                .json())).containsExactly(runs.get(1).toString());
        assertThat(api.get("/api/v1/runs?filter=" + encode("labels.lr = ")).status()).isEqualTo(400);

        JsonNode patched = api.send("PATCH", "/api/v1/runs/" + runs.get(0), "{\"labels\": {\"lr\": \"a\", "
                + "\"best\": \"yes\"}}", "Content-Type", "application/json").json();
        assertThat(patched.get("labels").get("best").asString()).isEqualTo("yes");
        assertThat(patched.get("labels").has("team")).as("labels are replaced").isFalse();

        assertThat(api.post("/api/v1/runs/" + runs.get(2) + ":archive", "").status()).isEqualTo(200);
        assertThat(ids(api.get("/api/v1/runs?experiment=" + encode(name)).json()))
                .doesNotContain(runs.get(2).toString()).hasSize(2);
        assertThat(ids(api.get("/api/v1/runs?experiment=" + encode(name) + "&archived=true").json()))
                .containsExactly(runs.get(2).toString());
        assertThat(ids(api.get("/api/v1/runs?experiment=" + encode(name) + "&archived=any").json())).hasSize(3);
        assertThat(api.post("/api/v1/runs/" + runs.get(2) + ":unarchive", "").json().get("archived").asBoolean())
                .isFalse();

        assertThat(api.post("/api/v1/experiments/" + encode(name) + ":archive", "").json().get("archived")
                .asBoolean()).isTrue();
        assertThat(api.get("/api/v1/runs?experiment=" + encode(name)).json().get("runs")).isEmpty();
        assertThat(api.get("/api/v1/runs/" + runs.get(0)).json().get("archived").asBoolean()).isTrue();
        ApiClient.Response intoArchived = api.post("/api/v1/runs", "{\"pipelineName\": \"" + TestPipelines.PIPELINE
                + "\", \"experiment\": \"" + name + "\"}");
        assertThat(intoArchived.status()).isEqualTo(400);
        assertThat(intoArchived.body()).contains("archived");
        assertThat(api.post("/api/v1/experiments/Default:archive", "").status()).isEqualTo(409);
        assertThat(api.get("/api/v1/experiments?archived=true&size=100").body()).contains(name);
    }

    @Test
    void aScheduleStartsItsRunsInItsExperimentWithItsLabels() {
        ApiClient api = new ApiClient(port);
        String name = "nightly-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/experiments", "{\"name\": \"" + name + "\"}").status()).isEqualTo(201);
        ApiClient.Response schedule = api.post("/api/v1/schedules", "{\"displayName\": \"" + name + "\", "
                + "\"pipelineName\": \"" + TestPipelines.PIPELINE + "\", \"interval\": \"PT1M\", \"maxRunCount\": 1, "
                + "\"startTime\": \"" + java.time.Instant.now().plusSeconds(2) + "\", "
                + "\"experiment\": \"" + name + "\", \"labels\": {\"origin\": \"schedule\"}}");
        assertThat(schedule.status()).as(schedule.body()).isEqualTo(201);
        assertThat(schedule.json().get("experiment").asString()).isEqualTo(name);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode page;
        do {
            page = api.get("/api/v1/runs?experiment=" + encode(name)).json();
        } while (page.get("runs").isEmpty() && System.nanoTime() < deadline);
        assertThat(page.get("runs")).hasSize(1);
        assertThat(page.get("runs").get(0).get("labels").get("origin").asString()).isEqualTo("schedule");
        assertThat(api.post("/api/v1/schedules", "{\"displayName\": \"x\", \"pipelineName\": \""
                + TestPipelines.PIPELINE + "\", \"interval\": \"PT1H\", \"experiment\": \"none-such\"}").status())
                .isEqualTo(400);
    }
}
