package com.pipelines.artifacts;

import static com.pipelines.testing.ApiClient.artifact;
import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.DatabaseTest;
import com.pipelines.testing.PostgresTestDatabase;
import com.pipelines.testing.S3Server;
import com.pipelines.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas (two JVMs) with separate data folders — no shared disk — on one PostgreSQL and one bucket (s3rver):
 * each of 10 runs trains on replica A and deploys on replica B (A is drained while its training runs, B takes the
 * deploy), every run succeeds and every endpoint answers :predict from either replica.
 */
@DatabaseTest
class TwoReplicaObjectStoreTest {

    private static final int RUNS = 10;

    @TempDir
    Path dir;

    @Test
    void aModelTrainedOnOneReplicaIsDeployedAndServedByTheOther() throws Exception {
        assumeTrue(S3Server.installed(), "s3rver is not installed (npm ci --prefix src/test/s3rver)");
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")), "dataset-fashion-mnist missing");
        String url = PostgresTestDatabase.createSharedDatabase();
        try (S3Server s3 = S3Server.start(dir.resolve("s3"), "pipelines");
             ServiceProcess replicaA = replica("a", s3, url);
             ServiceProcess replicaB = replica("b", s3, url)) {
            ApiClient a = replicaA.awaitReady().api();
            ApiClient b = replicaB.awaitReady().api();
            assertThat(b.post("/api/v1/workers:pause", "").json().get("paused").asBoolean()).isTrue();
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                a.post("/api/v1/workers:resume", "");
                UUID id = a.startRun("{\"enableCaching\": false, \"parameterValues\": {\"dataset\": "
                        + "\"fashion-mnist\", \"trainLimit\": 500, \"epochs\": 1, \"seed\": " + i + "}}");
                a.awaitRun(id, r -> !task(r, "load-data-and-training").get("state").asString().equals("PENDING"),
                        Duration.ofSeconds(60));
                a.post("/api/v1/workers:pause", "");
                b.post("/api/v1/workers:resume", "");
                b.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));
                b.post("/api/v1/workers:pause", "");
                ids.add(id);
            }
            String logA = replicaA.log();
            String logB = replicaB.log();
            String instance = "{\"instances\": [[" + "0.5,".repeat(783) + "0.5]]}";
            for (UUID id : ids) {
                assertThat(logA).contains("[" + id + " load-data-and-training]").doesNotContain("[" + id + " deploy-model]");
                assertThat(logB).contains("[" + id + " deploy-model]").doesNotContain("[" + id + " load-data-and-training]");
                JsonNode run = b.run(id);
                assertThat(artifact(run, "output_model").get("uri").asString()).startsWith("s3://pipelines/root/");
                String endpoint = artifact(run, "vertex_endpoint").get("uri").asString();
                for (ApiClient replica : List.of(a, b)) {
                    ApiClient.Response response = replica.post("/v1/" + endpoint + ":predict", instance);
                    assertThat(response.status()).as(response.body()).isEqualTo(200);
                    assertThat(response.json().get("predictions").get(0)).hasSize(10);
                }
            }
            assertThat(savedModels(dir.resolve("a"))).as("no model kept on A's disk but as a served copy")
                    .allMatch(p -> p.toString().contains(".object-copies"));
        }
    }

    private ServiceProcess replica(String name, S3Server s3, String url) throws Exception {
        Path data = Files.createDirectories(dir.resolve(name));
        return ServiceProcess.start(name, data, url,
                Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY),
                "--pipelines.workers=1", "--db-scheduler.scheduler-name=replica-" + name,
                "--pipelines.pipeline-root=s3://pipelines/root", "--pipelines.storage.s3.endpoint=" + s3.endpoint(),
                "--pipelines.storage.s3.path-style-access=true", "--pipelines.storage.s3.region=us-east-1",
                "--pipelines.storage.s3.chunked-encoding=false");
    }

    private static List<Path> savedModels(Path data) throws Exception {
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(p -> p.getFileName().toString().equals("saved_model.pb")).toList();
        }
    }
}
