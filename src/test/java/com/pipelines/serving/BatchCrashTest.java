package com.pipelines.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pipelines.datasets.DatasetFixtures;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.DatabaseTest;
import com.pipelines.testing.PostgresTestDatabase;
import com.pipelines.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A batch job whose replica is killed (SIGKILL) mid-way is revived by the next one and resumes after its last
 * recorded chunk: the output holds every input line exactly once, in order. Two JVMs on one PostgreSQL (the
 * PostgreSQL pass only).
 */
@DatabaseTest
class BatchCrashTest {

    private static final int LINES = 400_000;
    private static final Pattern X1 = Pattern.compile("^\\{\"instance\":\\{\"x1\": (\\d+),");

    @TempDir
    Path dataDir;

    @Test
    void aKilledReplicasBatchJobResumesWithEveryLineExactlyOnce() throws Exception {
        String url = PostgresTestDatabase.createSharedDatabase();
        Path input = Files.createDirectories(dataDir.resolve("imports")).resolve("instances.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= LINES; i++) {
                out.write("{\"x1\": " + i + ", \"x2\": 10, \"color\": \"red\"}\n");
            }
        }
        Path output = dataDir.resolve("imports/out");
        String jobId;
        ServiceProcess first = ServiceProcess.start("first", dataDir, url);
        try {
            ApiClient api = first.awaitReady().api();
            assertThat(api.postBytes("/api/v1/datasets?name=table", DatasetFixtures.csv(300, 5)
                    .getBytes(StandardCharsets.UTF_8), "text/csv").status()).isEqualTo(201);
            UUID run = api.startRun("""
                    {"parameterValues": {"dataset": "table", "modelDisplayName": "scorer", "epochs": 5}}""");
            api.awaitState(run, "SUCCEEDED", Duration.ofSeconds(120));
            ApiClient.Response created = api.post("/api/v1/batchPredictionJobs", """
                    {"model": "scorer@default", "chunkLines": 2000,
                     "inputConfig": {"instancesFormat": "jsonl", "gcsSource": {"uris": ["%s"]}},
                     "outputConfig": {"gcsDestination": {"outputUriPrefix": "%s"}}}"""
                    .formatted(input.toUri(), output.toUri()));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            jobId = created.json().get("id").asString();
            JsonNode job = api.get("/api/v1/batchPredictionJobs/" + jobId).json();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (job.get("chunksDone").asInt() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                job = api.get("/api/v1/batchPredictionJobs/" + jobId).json();
            }
            assertThat(job.get("state").asString()).as("killed while it runs").isEqualTo("JOB_STATE_RUNNING");
        } finally {
            first.kill();
        }

        try (ServiceProcess second = ServiceProcess.start("second", dataDir, url).awaitReady()) {
            ApiClient api = second.api();
            JsonNode job = api.get("/api/v1/batchPredictionJobs/" + jobId).json();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!job.get("state").asString().equals("JOB_STATE_SUCCEEDED") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                job = api.get("/api/v1/batchPredictionJobs/" + jobId).json();
            }
            assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("JOB_STATE_SUCCEEDED");
            assertThat(job.get("linesDone").asLong()).isEqualTo(LINES);
        }

        long expected = 1;
        int chunks = (LINES + 1999) / 2000;
        for (int chunk = 1; chunk <= chunks; chunk++) {
            try (BufferedReader reader = Files.newBufferedReader(
                    output.resolve(String.format("predictions_%05d.jsonl", chunk)), StandardCharsets.UTF_8)) {
                for (String line; (line = reader.readLine()) != null; ) {
                    Matcher m = X1.matcher(line);
                    assertThat(m.find()).as(line).isTrue();
                    assertThat(Long.parseLong(m.group(1))).isEqualTo(expected++);
                }
            }
        }
        assertThat(expected - 1).as("every line exactly once").isEqualTo(LINES);
        assertThat(output.resolve(String.format("predictions_%05d.jsonl", chunks + 1))).doesNotExist();
    }
}
