package com.pipelines.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.pipelines.PipelinesProperties;
import com.pipelines.datasets.DatasetFixtures;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Batch prediction through the API: every line scored once in input order, bad lines reported, bad jobs refused. */
@EngineTest
class BatchPredictionTest {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();

    @LocalServerPort
    int port;

    @Autowired
    PipelinesProperties properties;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    private String trainTableModel() {
        String dataset = "batch-table-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postBytes("/api/v1/datasets?name=" + dataset, DatasetFixtures.csv(300, 3)
                .getBytes(StandardCharsets.UTF_8), "text/csv").status()).isEqualTo(201);
        String model = "batch-model-" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = api.startRun("""
                {"enableCaching": false, "parameterValues": {"dataset": "%s", "modelDisplayName": "%s",
                 "epochs": 20, "learningRate": 0.01}}""".formatted(dataset, model));
        api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));
        return model;
    }

    private JsonNode awaitJob(String id, String state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode job;
        do {
            job = api.get("/api/v1/batchPredictionJobs/" + id).json();
            if (job.get("state").asString().equals(state)) {
                return job;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("job " + id + " did not reach " + state + ": " + job);
    }

    @Test
    void everyLineIsScoredOnceInOrderAndBadLinesAreReportedWithoutFailingTheJob() throws Exception {
        String model = trainTableModel();
        Path imports = Files.createDirectories(properties.dataDir().resolve("imports"));
        Path input = imports.resolve("instances-" + UUID.randomUUID() + ".jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 2500; i++) {
            if (i == 7 || i == 1500) {
                lines.append("{\"x9\": 1}\n");
            } else if (i == 2222) {
                lines.append("[1, 2]\n");
            } else {
                lines.append("{\"x1\": ").append(i % 7 - 3).append(", \"x2\": ").append(8 + i % 5)
                        .append(", \"color\": \"red\", \"n\": ").append(i).append("}\n");
            }
        }
        // saved as Windows editors save UTF-8: a byte-order mark first
        Files.writeString(input, "\ufeff" + lines.toString().replaceAll(", \"n\": [0-9]+", ""));
        String output = properties.dataDir().resolve("imports/out-" + UUID.randomUUID()).toUri().toString();
        ApiClient.Response created = api.post("/api/v1/batchPredictionJobs", """
                {"model": "%s@default", "chunkLines": 1000,
                 "inputConfig": {"instancesFormat": "jsonl", "gcsSource": {"uris": ["%s"]}},
                 "outputConfig": {"predictionsFormat": "jsonl", "gcsDestination": {"outputUriPrefix": "%s"}}}"""
                .formatted(model, input.toUri(), output));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode job = awaitJob(created.json().get("id").asString(), "JOB_STATE_SUCCEEDED");
        assertThat(job.get("linesDone").asLong()).isEqualTo(2500);
        assertThat(job.get("totalLines").asLong()).isEqualTo(2500);
        assertThat(job.get("errorLines").asLong()).isEqualTo(3);
        Path out = Path.of(java.net.URI.create(output));
        List<String> predictions = new ArrayList<>();
        for (int chunk = 1; chunk <= 3; chunk++) {
            predictions.addAll(Files.readAllLines(out.resolve(String.format("predictions_%05d.jsonl", chunk))));
        }
        assertThat(predictions).hasSize(2497);
        for (String prediction : predictions) {
            assertThat(JSON.readTree(prediction).get("instance").isObject()).as(prediction).isTrue();
        }
        List<String> goodLines = lines.toString().replaceAll(", \"n\": [0-9]+", "").lines()
                .filter(line -> line.contains("x1")).toList();
        assertThat(predictions).extracting(line -> line.substring("{\"instance\":".length(),
                line.indexOf(",\"prediction\":"))).as("each instance echoed as it came, in input order")
                .containsExactlyElementsOf(goodLines);
        assertThat(predictions.get(0)).startsWith("{\"instance\":{\"x1\": -2, \"x2\": 9, \"color\": \"red\"}")
                .contains("\"displayNames\":[");
        String errors = Files.readString(out.resolve("errors_00001.jsonl"));
        assertThat(errors).contains("\"line\":7").contains("x9");
        assertThat(Files.readString(out.resolve("errors_00003.jsonl"))).contains("\"line\":2222");
        assertThat(out.resolve("errors_00002.jsonl")).exists();

        Path csv = imports.resolve("instances-" + UUID.randomUUID() + ".csv");
        Files.writeString(csv, "x1,x2,color\n4,16,red\n-4,4.5,blue\n");
        ApiClient.Response fromCsv = api.post("/api/v1/batchPredictionJobs", """
                {"model": "%s@1", "inputConfig": {"instancesFormat": "csv", "gcsSource": {"uris": ["%s"]}},
                 "outputConfig": {"gcsDestination": {"outputUriPrefix": "%s-csv"}}}"""
                .formatted(model, csv.toUri(), output));
        assertThat(fromCsv.status()).as(fromCsv.body()).isEqualTo(201);
        awaitJob(fromCsv.json().get("id").asString(), "JOB_STATE_SUCCEEDED");
        List<String> scored = Files.readAllLines(Path.of(java.net.URI.create(output + "-csv"))
                .resolve("predictions_00001.jsonl"));
        assertThat(scored).hasSize(2);
        assertThat(scored.get(0)).contains("\"displayNames\":[\"high\"");
        assertThat(api.post("/api/v1/batchPredictionJobs/" + job.get("id").asString() + ":cancel", "").status())
                .isEqualTo(409);
        assertThat(api.get("/api/v1/batchPredictionJobs?state=JOB_STATE_SUCCEEDED").json()
                .get("batchPredictionJobs").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void badJobsAreRefusedAndNothingIsCreated() throws Exception {
        String model = trainTableModel();
        Path imports = Files.createDirectories(properties.dataDir().resolve("imports"));
        Path notJsonl = imports.resolve("table-" + UUID.randomUUID() + ".jsonl");
        Files.writeString(notJsonl, "x1,x2,color\n1,2,red\n");
        String output = imports.resolve("out").toUri().toString();
        long before = api.get("/api/v1/batchPredictionJobs?size=100").json().get("totalElements").asLong();
        assertRefused(job(model + "@default", "jsonl", notJsonl.toUri().toString(), output), 400, "not JSONL");
        assertRefused(job(model + "@default", "xml", notJsonl.toUri().toString(), output), 400, "instancesFormat");
        assertRefused(job(model + "@default", "jsonl", "file:/etc/passwd", output), 400, "outside");
        Path good = imports.resolve("good-" + UUID.randomUUID() + ".jsonl");
        Files.writeString(good, "{\"x1\": 1, \"x2\": 2, \"color\": \"red\"}\n");
        assertRefused(job(model + "@default", "jsonl", good.toUri().toString(), "file:/tmp/elsewhere"), 400,
                "outside");
        assertRefused(job(model + "@nope", "jsonl", good.toUri().toString(), output), 404, "nope");
        assertThat(api.get("/api/v1/batchPredictionJobs?size=100").json().get("totalElements").asLong())
                .isEqualTo(before);
    }

    @Test
    void aDatasetVersionsSplitIsScoredWithoutExportingIt() throws Exception {
        String model = trainTableModel();
        String dataset = "batch-split-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode registered = api.postBytes("/api/v1/datasets?name=" + dataset, DatasetFixtures.csv(200, 12)
                .getBytes(StandardCharsets.UTF_8), "text/csv").json();
        int test = registered.get("splits").get("test").asInt();
        String output = properties.dataDir().resolve("imports/split-" + UUID.randomUUID()).toUri().toString();
        ApiClient.Response created = api.post("/api/v1/batchPredictionJobs", """
                {"model": "%s@default", "inputConfig": {"instancesFormat": "dataset",
                 "datasetSource": {"dataset": "%s@1", "split": "test"}},
                 "outputConfig": {"gcsDestination": {"outputUriPrefix": "%s"}}}""".formatted(model, dataset, output));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode job = awaitJob(created.json().get("id").asString(), "JOB_STATE_SUCCEEDED");
        assertThat(job.get("linesDone").asInt()).isEqualTo(test);
        assertThat(job.get("errorLines").asInt()).isZero();
        List<String> lines = Files.readAllLines(Path.of(java.net.URI.create(output)).resolve("predictions_00001.jsonl"));
        assertThat(lines).hasSize(test);
        assertThat(lines.get(0)).startsWith("{\"instance\":{\"x1\":").contains("\"color\":\"");
        assertRefused(api.post("/api/v1/batchPredictionJobs", """
                {"model": "%s@default", "inputConfig": {"instancesFormat": "dataset",
                 "datasetSource": {"dataset": "nope@1"}},
                 "outputConfig": {"gcsDestination": {"outputUriPrefix": "%s"}}}""".formatted(model, output)), 400,
                "nope@1");
        assertRefused(api.post("/api/v1/batchPredictionJobs", """
                {"model": "%s@default", "inputConfig": {"instancesFormat": "dataset",
                 "datasetSource": {"dataset": "%s@1", "split": "later"}},
                 "outputConfig": {"gcsDestination": {"outputUriPrefix": "%s"}}}""".formatted(model, dataset, output)),
                400, "split");
    }

    private ApiClient.Response job(String model, String format, String input, String output) {
        return api.post("/api/v1/batchPredictionJobs", """
                {"model": "%s", "inputConfig": {"instancesFormat": "%s", "gcsSource": {"uris": ["%s"]}},
                 "outputConfig": {"gcsDestination": {"outputUriPrefix": "%s"}}}""".formatted(model, format, input,
                output));
    }

    private static void assertRefused(ApiClient.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains(detail);
    }
}
