package com.pipelines.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pipelines.PipelinesProperties;
import com.pipelines.datasets.DatasetFixtures;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Deleting runs removes their rows and files and keeps what something still uses; retention deletes what falls out
 * of its rule and finishes deletions a killed replica left half done.
 */
@EngineTest
class RunDeletionTest {

    @LocalServerPort
    int port;

    @Autowired
    PipelinesProperties properties;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RunDeletion deletion;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    private Path runFolder(String pipeline, UUID id) {
        return properties.resolvedPipelineRoot().resolve(pipeline).resolve(id.toString());
    }

    private UUID finished(String pipeline, String labels) {
        UUID id = api.startRun("{\"pipelineName\": \"" + pipeline + "\", \"enableCaching\": false, \"labels\": "
                + labels + "}");
        api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(60));
        return id;
    }

    private int rows(String table, UUID runId) {
        return jdbc.queryForObject("select count(*) from " + table + " where run_id = ?", Integer.class, runId);
    }

    @Test
    void aFinishedRunGoesWithItsRowsAndFilesARunningOneIsRefused() throws Exception {
        UUID id = finished(TestPipelines.PIPELINE, "{}");
        assertThat(runFolder(TestPipelines.PIPELINE, id)).isDirectory();
        assertThat(rows("task_run", id)).isPositive();
        assertThat(rows("run_artifact", id)).isPositive();

        ApiClient.Response deleted = api.send("DELETE", "/api/v1/runs/" + id, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(api.get("/api/v1/runs/" + id).status()).isEqualTo(404);
        assertThat(runFolder(TestPipelines.PIPELINE, id)).doesNotExist();
        for (String table : List.of("task_run", "run_artifact", "run_metric", "task_log", "run_parameter",
                "run_state_change", "run_label", "pending_deletion")) {
            assertThat(rows(table, id)).as(table).isZero();
        }
        assertThat(api.send("DELETE", "/api/v1/runs/" + id, null).status()).isEqualTo(404);

        UUID running = api.startRun("{\"pipelineName\": \"" + TestPipelines.PIPELINE + "\", \"enableCaching\": false, "
                + "\"parameterValues\": {\"behaviour\": \"gated\"}}");
        api.awaitRun(running, r -> r.get("state").asString().equals("RUNNING"), Duration.ofSeconds(30));
        try {
            ApiClient.Response refused = api.send("DELETE", "/api/v1/runs/" + running, null);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.body()).contains("RUNNING");
            assertThat(api.get("/api/v1/runs/" + running).status()).as("nothing changed").isEqualTo(200);
        } finally {
            TestPipelines.gate(running, 1, "write").countDown();
            TestPipelines.gate(running, 1, "finish").countDown();
        }
        api.awaitState(running, "SUCCEEDED", Duration.ofSeconds(30));
    }

    @Test
    void aRunWhoseModelIsDeployedIsKeptAndABatchSaysWhatItDeletedAndRefused() {
        String dataset = "deletion-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postBytes("/api/v1/datasets?name=" + dataset, DatasetFixtures.csv(200, 3)
                .getBytes(StandardCharsets.UTF_8), "text/csv").status()).isEqualTo(201);
        UUID deploying = api.startRun("{\"enableCaching\": false, \"labels\": {\"batch\": \"" + dataset + "\"}, "
                + "\"parameterValues\": {\"dataset\": \"" + dataset + "\", \"epochs\": 2}}");
        JsonNode run = api.awaitState(deploying, "SUCCEEDED", Duration.ofSeconds(120));
        String modelFolder = ApiClient.artifact(run, "output_model").get("uri").asString();
        ApiClient.Response refused = api.send("DELETE", "/api/v1/runs/" + deploying, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("is deployed on endpoint");
        assertThat(Path.of(java.net.URI.create(modelFolder))).as("its model's files stay").isDirectory();

        List<UUID> plain = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            plain.add(finished(TestPipelines.PIPELINE, "{\"batch\": \"" + dataset + "\"}"));
        }
        JsonNode result = api.post("/api/v1/runs:batchDelete", "{\"filter\": \"labels.batch = \\\"" + dataset
                + "\\\"\"}").json();
        List<String> deleted = new ArrayList<>();
        result.get("deleted").forEach(d -> deleted.add(d.asString()));
        assertThat(deleted).containsExactlyInAnyOrder(plain.get(0).toString(), plain.get(1).toString());
        assertThat(result.get("refused")).hasSize(1);
        assertThat(result.get("refused").get(0).get("id").asString()).isEqualTo(deploying.toString());
        assertThat(result.get("refused").get(0).get("reason").asString()).contains("deployed");
        assertThat(api.post("/api/v1/runs:batchDelete", "{}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/runs:batchDelete", "{\"filter\": \"labels.batch = \"}").status())
                .isEqualTo(400);
        JsonNode byId = api.post("/api/v1/runs:batchDelete", "{\"ids\": [\"" + plain.get(0) + "\"]}").json();
        assertThat(byId.get("refused").get(0).get("reason").asString()).isEqualTo("no such run");
    }

    @Test
    void retentionKeepsTheNewestRunsOfAPipelineAndFinishesWhatAKilledPassLeft() throws Exception {
        String pipeline = "retained-" + UUID.randomUUID().toString().substring(0, 8);
        String spec = api.get("/api/v1/pipelines/" + TestPipelines.PIPELINE + "/spec").body();
        ApiClient.Response uploaded = api.post("/api/v1/pipelines?name=" + pipeline, spec);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        List<UUID> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(finished(pipeline, "{}"));
        }
        // a pass killed after deleting a run's rows: its folder is still there, recorded as pending
        Path orphan = Files.createDirectories(properties.resolvedPipelineRoot().resolve(pipeline)
                .resolve(UUID.randomUUID().toString()).resolve("task"));
        Files.writeString(orphan.resolve("model.bin"), "weights");
        jdbc.update("insert into pending_deletion (uri, run_id, create_time) values (?, ?, current_timestamp)",
                orphan.getParent().toUri().toString(), UUID.randomUUID());

        RetentionProperties rule = new RetentionProperties(null, null,
                Map.of(pipeline, new RetentionProperties.Rule(null, 1)), Duration.ofDays(30), Duration.ofDays(90),
                Duration.ofMinutes(10), 100);
        int deleted = new RetentionPass(jdbc, deletion, rule, Clock.systemUTC()).run();
        assertThat(deleted).isEqualTo(2);
        assertThat(orphan.getParent()).as("the killed pass's folder is gone").doesNotExist();
        assertThat(api.get("/api/v1/runs/" + runs.get(2)).status()).as("the newest stays").isEqualTo(200);
        assertThat(runFolder(pipeline, runs.get(2))).isDirectory();
        for (UUID old : runs.subList(0, 2)) {
            assertThat(api.get("/api/v1/runs/" + old).status()).isEqualTo(404);
            assertThat(runFolder(pipeline, old)).doesNotExist();
        }
        assertThat(new RetentionPass(jdbc, deletion, rule, Clock.systemUTC()).run()).as("nothing more").isZero();
        assertThat(jdbc.queryForObject("select count(*) from pending_deletion", Integer.class)).isZero();
    }
}
