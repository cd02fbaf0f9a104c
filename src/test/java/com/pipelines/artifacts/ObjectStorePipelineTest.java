package com.pipelines.artifacts;

import static com.pipelines.testing.ApiClient.artifact;
import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

import com.pipelines.PipelinesApplication;
import com.pipelines.PipelinesProperties;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.S3Server;
import com.pipelines.testing.TestCloud;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole pipeline (train → deploy local → :predict) with the server's root in S3 — a real S3-compatible server
 * (s3rver) started here — and, per run, in Cloud Storage (google-cloud-nio's in-memory one); then the store's
 * faults: access denied and the server stopped in the middle of the model's upload.
 */
@SpringBootTest(classes = PipelinesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pipelines.pipeline-root=s3://pipelines/root", "pipelines.storage.s3.path-style-access=true",
                "pipelines.storage.s3.region=us-east-1", "pipelines.storage.s3.chunked-encoding=false",
                "pipelines.retry-backoff=3s"})
@Import({TestPipelines.class, TestCloud.class})
class ObjectStorePipelineTest {

    /** Each run trains afresh (no cache hit on an earlier test's run). */
    private static final String SMALL = "\"dataset\": \"fashion-mnist\", \"trainLimit\": 1000, \"epochs\": 1";
    private static final String FRESH = "\"enableCaching\": false, ";
    private static S3Server s3;

    @LocalServerPort
    int port;

    @Autowired
    PipelinesProperties properties;

    @Autowired
    ArtifactStorage storage;

    ApiClient api;

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) throws IOException {
        assumeTrue(S3Server.installed(), "s3rver is not installed (npm ci --prefix src/test/s3rver)");
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Debian package dataset-fashion-mnist is not installed");
        if (s3 == null) {
            s3 = S3Server.start(Files.createTempDirectory("s3rver"), "pipelines");
            System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", S3Server.SECRET_KEY);
        }
        registry.add("pipelines.storage.s3.endpoint", s3::endpoint);
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    @Test
    void trainDeployAndPredictWithTheRootInS3() throws IOException {
        UUID id = api.startRun("{" + FRESH + "\"parameterValues\": {" + SMALL + "}}");
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));
        String model = artifact(run, "output_model").get("uri").asString();
        assertThat(model).isEqualTo("s3://pipelines/root/simple-mnist-pipeline/" + id
                + "/load-data-and-training/attempt-1/output_model/");
        assertThat(run.get("pipelineRoot").asString()).isEqualTo("s3://pipelines/root");
        assertThat(s3.requests()).anyMatch(line -> line.contains("Stored object \"root/simple-mnist-pipeline/" + id
                + "/load-data-and-training/attempt-1/output_model/saved_model.pb\""));
        assertThat(localFiles(id)).as("nothing of the run stays on the server's disk").isEmpty();
        assertPredicts(run);
    }

    @Test
    void trainDeployAndPredictWithTheRunsRootInCloudStorage() throws IOException {
        UUID id = api.startRun("{" + FRESH + "\"pipelineRoot\": \"gs://ml-bucket/e2e\", \"parameterValues\": {" + SMALL + "}}");
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));
        assertThat(artifact(run, "output_model").get("uri").asString()).isEqualTo("gs://ml-bucket/e2e/"
                + "simple-mnist-pipeline/" + id + "/load-data-and-training/attempt-1/output_model/");
        assertThat(localFiles(id)).isEmpty();
        assertPredicts(run);
    }

    /** Deleting a run whose root is in the bucket deletes its objects, and the staged copies on disk. */
    @Test
    void deletingARunDeletesItsObjectsInTheBucket() {
        // the test pipeline's produce step uploads its model; its consume step reads local files only, so the run
        // ends FAILED — finished, which is all deletion asks
        UUID id = api.startRun("{" + FRESH + "\"pipelineName\": \"" + TestPipelines.PIPELINE + "\"}");
        JsonNode run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                Duration.ofSeconds(60));
        String folder = "s3://pipelines/root/" + TestPipelines.PIPELINE + "/" + id;
        assertThat(run.get("artifacts").get(0).get("uri").asString()).startsWith(folder);
        assertThat(storage.list(folder)).isNotEmpty();
        ApiClient.Response deleted = api.send("DELETE", "/api/v1/runs/" + id, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(storage.list(folder)).as("no object of the run is left in the bucket").isEmpty();
        assertThat(properties.resolvedPipelineRoot().resolve(TestPipelines.PIPELINE).resolve(id.toString()))
                .doesNotExist();
    }

    @Test
    void deniedAccessFailsTheStepAtOnceSayingItIsAPermissionProblemAndRecordsNoOutput() {
        System.setProperty("aws.accessKeyId", "SOMEONE-ELSE");
        try {
            UUID id = api.startRun("{" + FRESH + "\"parameterValues\": {" + SMALL + "}}");
            JsonNode run = api.awaitState(id, "FAILED", Duration.ofSeconds(120));
            assertThat(run.get("error").asString())
                    .contains("S3 denied access to bucket pipelines", "permission problem, not the network");
            assertThat(task(run, "load-data-and-training").get("attempt").asInt()).as("not retried").isEqualTo(1);
            assertThat(run.get("artifacts")).isEmpty();
        } finally {
            System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
        }
    }

    @Test
    void aStoreStoppedMidUploadFailsTheAttemptWithNothingRecordedAndTheRetrySucceedsOnceItIsBack() throws Exception {
        UUID id = api.startRun("{" + FRESH + "\"parameterValues\": {" + SMALL + "}}");
        String key = "root/simple-mnist-pipeline/" + id + "/load-data-and-training/attempt-1/output_model/";
        assertThat(s3.awaitRequest(line -> line.contains("Stored object \"" + key), Duration.ofSeconds(120)))
                .as(String.join("\n", s3.requests())).isTrue();
        s3.stop();
        JsonNode failedOnce = api.awaitRun(id, r -> task(r, "load-data-and-training").get("attempt").asInt() == 2
                || r.get("state").asString().equals("FAILED"), Duration.ofSeconds(60));
        s3.start();
        assertThat(failedOnce.get("artifacts")).as("a half-uploaded model is never recorded").isEmpty();
        String logs = api.get("/api/v1/runs/" + id + "/logs?limit=1000").body();
        assertThat(logs).contains("Attempt 1 failed: Cannot reach S3", "Check the network");

        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));
        assertThat(task(run, "load-data-and-training").get("attempt").asInt()).isEqualTo(2);
        assertPredicts(run);
    }

    @Test
    void datasetsRegisterFromTheBucketKeepTheirRowsThereAndTrain() throws IOException {
        String table = "table-" + UUID.randomUUID().toString().substring(0, 8);
        storage.putBytes(com.pipelines.datasets.DatasetFixtures.csv(300, 5).getBytes(), "s3://pipelines/in/" + table
                + ".csv");
        ApiClient.Response csv = api.post("/api/v1/datasets", "{\"name\": \"" + table
                + "\", \"sourceUri\": \"s3://pipelines/in/" + table + ".csv\"}");
        assertThat(csv.status()).as(csv.body()).isEqualTo(201);
        String stored = csv.json().get("storageUri").asString();
        assertThat(stored).startsWith("s3://pipelines/root/datasets/" + table + "/");
        assertThat(storage.exists(stored + "/x.bin")).isTrue();

        java.util.Random random = new java.util.Random(2);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            String uri = "s3://pipelines/in/images/" + i + ".png";
            storage.putBytes(com.pipelines.datasets.DatasetFixtures.png(i % 2 == 0, random, 8), uri);
            lines.append("{\"imageGcsUri\": \"").append(uri).append("\", \"classificationAnnotation\": ")
                    .append("{\"displayName\": \"").append(i % 2 == 0 ? "up" : "down").append("\"}, ")
                    .append("\"dataItemResourceLabels\": {\"aiplatform.googleapis.com/ml_use\": \"")
                    .append(i < 16 ? "training" : i < 20 ? "validation" : "test").append("\"}}\n");
        }
        storage.putBytes(lines.toString().getBytes(), "s3://pipelines/in/import.jsonl");
        ApiClient.Response images = api.post("/api/v1/datasets", "{\"name\": \"" + table + "-img\", "
                + "\"sourceUri\": \"s3://pipelines/in/import.jsonl\"}");
        assertThat(images.status()).as(images.body()).isEqualTo(201);
        assertThat(images.json().get("splits").toString()).isEqualTo("{\"train\":16,\"validation\":4,\"test\":4}");

        storage.putBytes(com.pipelines.datasets.DatasetFixtures.imageZip("pets", 10, 3), "s3://pipelines/in/pets.zip");
        ApiClient.Response zip = api.post("/api/v1/datasets", "{\"name\": \"" + table + "-zip\", "
                + "\"sourceUri\": \"s3://pipelines/in/pets.zip\"}");
        assertThat(zip.status()).as(zip.body()).isEqualTo(201);
        ApiClient.Response missing = api.post("/api/v1/datasets", "{\"name\": \"" + table + "-none\", "
                + "\"sourceUri\": \"s3://pipelines/in/none.csv\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("detail").asString()).contains("s3://pipelines/in/none.csv");

        UUID id = api.startRun("{" + FRESH + "\"parameterValues\": {\"dataset\": \"" + table + "\", "
                + "\"epochs\": 20, \"learningRate\": 0.01}}");
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));
        assertThat(run.get("metrics").get("acc").asDouble()).isGreaterThan(80);
        assertThat(localFiles(id)).isEmpty();
        for (String imageSet : new String[] {table + "-img", table + "-zip"}) {
            UUID trained = api.startRun("{" + FRESH + "\"parameterValues\": {\"dataset\": \"" + imageSet + "\", "
                    + "\"epochs\": 10, \"batchSize\": 4}}");
            assertThat(api.awaitState(trained, "SUCCEEDED", Duration.ofSeconds(120)).get("metrics").get("acc")
                    .asDouble()).as(imageSet).isGreaterThanOrEqualTo(75);
        }
    }

    private void assertPredicts(JsonNode run) {
        String endpoint = artifact(run, "vertex_endpoint").get("uri").asString();
        String instance = "{\"instances\": [[" + "0.5,".repeat(783) + "0.5]]}";
        ApiClient.Response response = api.post("/v1/" + endpoint + ":predict", instance);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("predictions").get(0)).hasSize(10);
    }

    private java.util.List<Path> localFiles(UUID id) throws IOException {
        Path local = properties.resolvedPipelineRoot().resolve("simple-mnist-pipeline").resolve(id.toString());
        if (!Files.exists(local)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.walk(local)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
