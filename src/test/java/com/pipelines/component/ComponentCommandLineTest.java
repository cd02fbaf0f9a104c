package com.pipelines.component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.google.cloud.aiplatform.v1.DeployModelRequest;
import com.google.cloud.aiplatform.v1.UploadModelRequest;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import com.pipelines.deploy.VertexProperties;
import com.pipelines.deploy.VertexTransport;
import com.pipelines.testing.FakeVertexAi;
import com.pipelines.testing.TestCloud;
import com.pipelines.training.SyntheticMnist;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's command-line mode, as a pipeline component container runs it: real training into a local folder and
 * into (in-memory) Cloud Storage, the KFP executor-output handshake, deploying a gs:// model with the real Vertex AI
 * client against the in-process fake, and the exit codes and messages of every kind of failure.
 */
class ComponentCommandLineTest {

    static FakeVertexAi vertex;
    static final Storage STORAGE = LocalStorageHelper.getOptions().getService();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dataDir;
    @TempDir
    Path work;

    Path datasetsDir = dataDir.resolve("datasets");
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startFakesAndWriteData() throws IOException {
        vertex = new FakeVertexAi();
        SyntheticMnist.writeDataset(dataDir.resolve("datasets/mnist"), 600, 200, 7);
    }

    @AfterAll
    static void stopFakes() {
        vertex.close();
    }

    @BeforeEach
    void resetFake() {
        vertex.reset();
    }

    @Test
    void helpListsEveryCommandWithItsOptionsAndTheExitCodes() {
        assertThat(run("help")).isZero();
        assertThat(stdout()).contains("train", "--model-type", "--output-model", "deploy", "--model",
                "--traffic-percentage", "64 bad usage", "75 failed");
    }

    @Test
    void trainWritesASavedModelAndMetricsAndAnswersTheExecutorInput() throws IOException {
        Path model = work.resolve("outputs/output_model");
        Path metrics = work.resolve("outputs/metrics");
        Path executorOutput = work.resolve("executor_output.json");
        String executorInput = JSON.writeValueAsString(Map.of("outputs", Map.of(
                "outputFile", executorOutput.toString(),
                "artifacts", Map.of("metrics", Map.of("artifacts", List.of(Map.of(
                        "name", "projects/1/locations/us-central1/metadataStores/default/artifacts/9",
                        "uri", "gs://bucket/root/train/metrics")))))));

        int code = run("train", "--dataset", "mnist", "--epochs", "2", "--model-type", "linear",
                "--output-model", model.toString(), "--metrics", metrics.toString(),
                "--executor-input", executorInput);

        assertThat(code).as(stderr()).isZero();
        assertThat(model.resolve("saved_model.pb")).isRegularFile();
        assertThat(model.resolve("variables")).isDirectory();
        JsonNode written = JSON.readTree(metrics.toFile());
        assertThat(written.get("acc").asDouble()).isBetween(50.0, 100.0);
        assertThat(written.get("dataset size").asInt()).isEqualTo(600);
        assertThat(stdout()).contains("metric acc = ", "artifact output_model (system.Model): " + model);
        JsonNode answer = JSON.readTree(executorOutput.toFile()).path("artifacts");
        JsonNode metricsArtifact = answer.path("metrics").path("artifacts").path(0);
        assertThat(metricsArtifact.path("uri").asString()).isEqualTo("gs://bucket/root/train/metrics");
        assertThat(metricsArtifact.path("name").asString()).endsWith("/artifacts/9");
        assertThat(metricsArtifact.path("metadata").path("acc").asDouble()).isEqualTo(written.get("acc").asDouble());
        assertThat(metricsArtifact.path("metadata").path("Model").asString()).isEqualTo("LinearModel");
        assertThat(answer.path("output_model").path("artifacts").path(0).path("metadata").path("framework")
                .asString()).isEqualTo("tensorflow");
    }

    @Test
    void trainUploadsItsOutputsToCloudStorage() {
        int code = run("train", "--dataset", "mnist", "--epochs", "1", "--train-limit", "300",
                "--output-model", "gs://cli-bucket/job-1/output_model", "--metrics", "gs://cli-bucket/job-1/metrics");

        assertThat(code).as(stderr()).isZero();
        assertThat(STORAGE.get(BlobId.of("cli-bucket", "job-1/output_model/saved_model.pb"))).isNotNull();
        assertThat(STORAGE.get(BlobId.of("cli-bucket", "job-1/metrics")).getContent()).asString()
                .contains("\"dataset size\":300");
        assertThat(stdout()).contains("artifact output_model (system.Model): gs://cli-bucket/job-1/output_model");
    }

    @Test
    void deployUploadsAndDeploysAGcsModelWithTheRealVertexClient() throws IOException {
        STORAGE.create(BlobInfo.newBuilder(BlobId.of("models", "m1/saved_model.pb")).build(), new byte[]{1});
        Path modelOut = work.resolve("vertex_model");
        Path endpointOut = work.resolve("vertex_endpoint");

        int code = run("deploy", "--model", "gs://models/m1", "--project", "my-project", "--region", "europe-west4",
                "--traffic-percentage", "100", "--vertex-model", modelOut.toString(),
                "--vertex-endpoint", endpointOut.toString());

        assertThat(code).as(stderr()).isZero();
        UploadModelRequest upload = vertex.requests(UploadModelRequest.class).get(0);
        assertThat(upload.getParent()).isEqualTo("projects/my-project/locations/europe-west4");
        assertThat(upload.getModel().getArtifactUri()).isEqualTo("gs://models/m1");
        assertThat(vertex.requests(DeployModelRequest.class)).hasSize(1);
        assertThat(vertex.apiEndpoints()).contains("europe-west4-aiplatform.googleapis.com:443");
        String endpoint = JSON.readTree(endpointOut.toFile()).path("uri").asString();
        assertThat(endpoint).startsWith("projects/my-project/locations/europe-west4/endpoints/");
        assertThat(vertex.endpoints()).containsKey(endpoint);
        assertThat(JSON.readTree(modelOut.toFile()).path("uri").asString())
                .startsWith("projects/my-project/locations/europe-west4/models/");
    }

    @Test
    void vertexRefusingTheCallIsAFailureThatRetryingWillNotMend() {
        vertex.failNext("UploadModel", Status.Code.PERMISSION_DENIED, 1);
        assertThat(run("deploy", "--model", "gs://models/m2", "--project", "my-project", "--region", "us-central1"))
                .as(stderr()).isEqualTo(ComponentCommandLine.FAILED);
        assertThat(stderr()).contains("deploy-model failed: ", "permission");
    }

    @Test
    void vertexStayingUnavailableIsAFailureThatRetryingMayMend() {
        vertex.failNext("UploadModel", Status.Code.UNAVAILABLE, 50);
        assertThat(run("deploy", "--model", "gs://models/m3", "--project", "my-project", "--region", "us-central1"))
                .as(stderr()).isEqualTo(ComponentCommandLine.RETRYABLE);
        assertThat(stderr()).contains("retrying may help");
    }

    @Test
    void badUsageIsExitCode64WithTheOptionAtFaultAndWritesNothing() {
        Path model = work.resolve("never");
        assertUsage("--output-model is required", "train", "--dataset", "mnist");
        assertUsage("unknown option --colour", "train", "--colour", "red", "--output-model", model.toString());
        assertUsage("--epochs must be an integer, got 'three'", "train", "--epochs", "three",
                "--output-model", model.toString());
        assertUsage("--epochs must be >= 1", "train", "--epochs", "0", "--output-model", model.toString());
        assertUsage("--model-type must be one of", "train", "--model-type", "rnn", "--output-model", model.toString());
        assertUsage("--dataset needs a value", "train", "--output-model", model.toString(), "--dataset");
        assertUsage("--model is required", "deploy", "--project", "p");
        assertUsage("Unknown command 'fly'", "fly");
        assertThat(model).doesNotExist();
    }

    @Test
    void localDeployTargetIsRefusedOutsideTheServer() {
        int code = run("deploy", "--model", "gs://models/m4", "--deploy-target", "local");
        assertThat(code).isEqualTo(ComponentCommandLine.FAILED);
        assertThat(stderr()).contains("use --deploy-target vertex");
        assertThat(vertex.requests(UploadModelRequest.class)).isEmpty();
    }

    @Test
    void aMissingDatasetFailsWithAMessageSayingWhereItLooked() {
        datasetsDir = work.resolve("no-datasets");
        int code = run("train", "--dataset", "mnist", "--output-model", work.resolve("m").toString());
        assertThat(code).isEqualTo(ComponentCommandLine.FAILED);
        assertThat(stderr()).contains("Dataset 'mnist' not found", "no-datasets");
    }

    private void assertUsage(String message, String... args) {
        err.reset();
        assertThat(run(args)).as(stderr()).isEqualTo(ComponentCommandLine.USAGE);
        assertThat(stderr()).contains(message);
    }

    private int run(String... args) {
        List<String> spring = new ArrayList<>(List.of("--pipelines.data-dir=" + dataDir,
                "--pipelines.training.datasets-dir=" + datasetsDir,
                "--pipelines.vertex.max-attempts=3"));
        return ComponentCommandLine.run(args, spring, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), FakeClouds.class);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FakeClouds {

        @Bean
        @Primary
        VertexTransport fakeVertexTransport(VertexProperties properties) {
            return TestCloud.routedTo(vertex, properties);
        }

        @Bean
        @Primary
        Storage inMemoryStorage() {
            return STORAGE;
        }
    }
}
