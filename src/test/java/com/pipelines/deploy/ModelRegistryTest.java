package com.pipelines.deploy;

import static com.pipelines.testing.ApiClient.artifact;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.pipelines.datasets.DatasetFixtures;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The model registry through the API: lineage, aliases, deploy by alias, swap and rollback under load, upload. */
@EngineTest
class ModelRegistryTest {

    private static final String ROW = "{\"instances\": [{\"x1\": 4.0, \"x2\": 16, \"color\": \"red\"}]}";

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Trains two versions of one model on a small table; returns the two runs. */
    private List<JsonNode> twoVersions(String model) {
        String dataset = unique("reg-table");
        assertThat(api.postBytes("/api/v1/datasets?name=" + dataset, DatasetFixtures.csv(300, 8)
                .getBytes(StandardCharsets.UTF_8), "text/csv").status()).isEqualTo(201);
        List<JsonNode> runs = new java.util.ArrayList<>();
        for (int seed = 1; seed <= 2; seed++) {
            UUID id = api.startRun("""
                    {"enableCaching": false, "parameterValues": {"dataset": "%s", "modelDisplayName": "%s",
                     "epochs": 20, "learningRate": 0.01, "seed": %d}}""".formatted(dataset, model, seed));
            runs.add(api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120)));
        }
        return runs;
    }

    private static String modelId(JsonNode run) {
        String name = artifact(run, "vertex_model").get("uri").asString();
        return name.substring(name.lastIndexOf('/') + 1);
    }

    @Test
    void versionsShowLineageAndAliasesMoveAtomicallyWithBadRequestsRefused() {
        String model = unique("registry");
        List<JsonNode> runs = twoVersions(model);
        String first = modelId(runs.get(0));
        JsonNode v1 = api.get("/api/v1/models/" + model + "/versions/1").json();
        assertThat(v1.get("id").asString()).isEqualTo(first);
        assertThat(v1.get("lineage").get("run").asString()).isEqualTo(runs.get(0).get("id").asString());
        assertThat(v1.get("lineage").get("datasetVersion").asInt()).isEqualTo(1);
        assertThat(v1.get("lineage").get("evaluation").get("accuracy").asDouble()).isGreaterThan(0.8);
        assertThat(v1.get("lineage").get("trainingParameters").get("epochs").asInt()).isEqualTo(20);
        assertThat(v1.get("deployments")).hasSize(1);
        assertThat(v1.get("versionAliases").toString()).isEqualTo("[]");
        assertThat(api.get("/api/v1/models/" + model + "/versions/2").json().get("versionAliases").toString())
                .isEqualTo("[\"default\"]");

        assertThat(api.post("/api/v1/models/" + model + "/versions/1:addAlias", "{\"alias\": \"champion\"}")
                .json().get("versionAliases").toString()).isEqualTo("[\"champion\"]");
        assertThat(api.get("/api/v1/models/" + model + "/versions/champion").json().get("versionId").asString())
                .isEqualTo("1");
        api.post("/api/v1/models/" + model + "/versions/2:addAlias", "{\"alias\": \"champion\"}");
        assertThat(api.get("/api/v1/models/" + model + "/versions/1").json().get("versionAliases").toString())
                .as("an alias names one version").isEqualTo("[]");
        assertThat(api.post("/api/v1/models/" + model + "/versions/1:mergeVersionAliases",
                "{\"versionAliases\": [\"default\", \"stable\"]}").json().get("versionAliases").toString())
                .isEqualTo("[\"default\", \"stable\"]".replace(" ", ""));

        assertProblem(api.post("/api/v1/models/" + model + "/versions/1:addAlias", "{\"alias\": \"2x\"}"), 400, "alias");
        assertProblem(api.post("/api/v1/models/" + model + "/versions/1:mergeVersionAliases",
                "{\"versionAliases\": [null]}"), 400, "versionAliases");
        assertProblem(api.get("/api/v1/models/" + model + "/versions/nope"), 404, "alias");
        assertProblem(api.post("/api/v1/models/" + model + "/versions/1:removeAlias", "{\"alias\": \"default\"}"),
                400, "alias");
        assertProblem(api.send("DELETE", "/api/v1/models/" + model + "/versions/1", null), 409, "version");
        assertProblem(api.send("PATCH", "/api/v1/models/" + model + "/versions/1",
                "{\"labels\": {\"Team\": \"x\"}}", "Content-Type", "application/json"), 400, "labels");
        JsonNode patched = api.send("PATCH", "/api/v1/models/" + model + "/versions/1",
                "{\"description\": \"first try\", \"labels\": {\"team\": \"fraud\"}}", "Content-Type",
                "application/json").json();
        assertThat(patched.get("description").asString()).isEqualTo("first try");
        assertThat(patched.get("labels").get("team").asString()).isEqualTo("fraud");
    }

    @Test
    void aDeploymentFollowingAnAliasSwapsAndRollsBackUnderLoadWithoutDroppingARequest() throws Exception {
        String model = unique("swap");
        twoVersions(model);
        api.post("/api/v1/models/" + model + "/versions/1:addAlias", "{\"alias\": \"champion\"}");
        ApiClient.Response created = api.post("/api/v1/endpoints", "{\"displayName\": \"prod\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String endpoint = created.json().get("id").asString();
        JsonNode deployed = api.post("/api/v1/endpoints/" + endpoint + ":deployModel",
                "{\"deployedModel\": {\"model\": \"" + model + "@champion\"}}").json();
        assertThat(deployed.get("deployedModels").get(0).get("followsAlias").asString()).isEqualTo("champion");
        String predict = "/v1/" + deployed.get("name").asString() + ":predict";
        assertThat(api.post(predict, ROW).header("X-Model-Version-Id")).isEqualTo("1");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(32);
        for (int c = 0; c < 32; c++) {
            clients.submit(() -> {
                ApiClient client = new ApiClient(port);
                while (running.get()) {
                    ApiClient.Response response = client.post(predict, ROW);
                    String version = response.header("X-Model-Version-Id");
                    if (response.status() != 200 || version == null
                            || !version.equals(response.json().get("modelVersionId").asString())) {
                        failures.add(response.status() + " " + response.body());
                    } else {
                        versionsSeen.add(version);
                        answered.incrementAndGet();
                    }
                }
            });
        }
        Thread.sleep(500);
        api.post("/api/v1/models/" + model + "/versions/2:addAlias", "{\"alias\": \"champion\"}");
        assertThat(api.post(predict, ROW).header("X-Model-Version-Id")).as("swapped").isEqualTo("2");
        Thread.sleep(700);
        api.post("/api/v1/models/" + model + "/versions/1:addAlias", "{\"alias\": \"champion\"}");
        assertThat(api.post(predict, ROW).header("X-Model-Version-Id")).as("rolled back").isEqualTo("1");
        Thread.sleep(500);
        running.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).as("failed or mixed answers").isEmpty();
        assertThat(versionsSeen).containsExactlyInAnyOrder("1", "2");
        assertThat(answered.get()).isGreaterThan(100);

        assertProblem(api.post("/api/v1/models/" + model + "/versions/1:removeAlias", "{\"alias\": \"champion\"}"),
                409, "alias");
        assertProblem(api.post("/api/v1/endpoints/" + endpoint + ":deployModel",
                "{\"deployedModel\": {\"model\": \"" + model + "@nope\"}}"), 404, "alias");
    }

    @Test
    void aSavedModelUploadedFromAFolderIsServedAndBadUploadsAreRefused() {
        String model = unique("trained");
        JsonNode run = twoVersions(model).get(0);
        String uri = artifact(run, "output_model").get("uri").asString();
        String name = unique("uploaded");
        ApiClient.Response uploaded = api.post("/api/v1/models:upload", "{\"model\": {\"displayName\": \"" + name
                + "\", \"artifactUri\": \"" + uri + "\", \"labels\": {\"origin\": \"elsewhere\"}}}");
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        assertThat(uploaded.json().get("versionId").asString()).isEqualTo("1");
        assertThat(uploaded.json().get("lineage").get("source").asString()).isEqualTo("upload");
        String endpoint = api.post("/api/v1/endpoints", "{\"displayName\": \"uploaded\"}").json().get("id").asString();
        JsonNode deployed = api.post("/api/v1/endpoints/" + endpoint + ":deployModel",
                "{\"deployedModel\": {\"model\": \"" + name + "@default\"}}").json();
        ApiClient.Response served = api.post("/v1/" + deployed.get("name").asString() + ":predict", ROW);
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        assertThat(served.json().get("classifications").get(0).get("displayNames").get(0).asString()).isEqualTo("high");

        assertProblem(api.post("/api/v1/models:upload", "{\"model\": {\"displayName\": \"x\", \"artifactUri\": "
                + "\"file:/etc/\"}}"), 400, "model.artifactUri");
        String notSavedModel = uri.replaceAll("output_model/?$", "metrics");
        assertProblem(api.post("/api/v1/models:upload", "{\"model\": {\"displayName\": \"x\", \"artifactUri\": \""
                + notSavedModel + "\"}}"), 400, "model.artifactUri");
        assertThat(api.get("/api/v1/models/x/versions/1").status()).isEqualTo(404);
    }

    @Test
    void aPipelineRunPromotesItsModelByMovingTheAliasTheEndpointFollows() {
        String dataset = unique("promo-table");
        assertThat(api.postBytes("/api/v1/datasets?name=" + dataset, DatasetFixtures.csv(300, 9)
                .getBytes(StandardCharsets.UTF_8), "text/csv").status()).isEqualTo(201);
        String model = unique("promoted");
        List<String> endpoints = new java.util.ArrayList<>();
        for (int seed = 1; seed <= 2; seed++) {
            UUID id = api.startRun("""
                    {"enableCaching": false, "parameterValues": {"dataset": "%s", "modelDisplayName": "%s",
                     "epochs": 10, "seed": %d, "modelAlias": "champion"}}""".formatted(dataset, model, seed));
            JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));
            endpoints.add(artifact(run, "vertex_endpoint").get("uri").asString());
        }
        assertThat(endpoints.get(1)).as("the second run swapped the first's endpoint").isEqualTo(endpoints.get(0));
        ApiClient.Response answer = api.post("/v1/" + endpoints.get(0) + ":predict", ROW);
        assertThat(answer.header("X-Model-Version-Id")).isEqualTo("2");
        assertThat(api.get("/api/v1/models/" + model + "/versions/champion").json().get("versionId").asString())
                .isEqualTo("2");
    }

    private static void assertProblem(ApiClient.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (response.json().has("errors")) {
            assertThat(response.json().get("errors").toString()).contains(field);
        }
    }
}
