package com.pipelines.execution;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.cloud.aiplatform.v1.CancelPipelineJobRequest;
import com.google.cloud.aiplatform.v1.CreatePipelineJobRequest;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.FakeVertexAi;
import io.grpc.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static com.pipelines.testing.ApiClient.artifact;
import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Executor {@code vertex-pipelines}: the run is compiled to a KFP PipelineSpec, submitted with the real
 * {@code PipelineServiceClient} to the in-process fake PipelineService, and its job's state, task states, metrics
 * and artifacts are mirrored into the run history; cancel and retry reach the job.
 */
@EngineTest
class VertexPipelinesExecutorTest {

    private static final String ROOT = "gs://ml-bucket/pipeline_root";

    @LocalServerPort
    int port;

    @Autowired
    FakeVertexAi vertex;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        vertex.reset();
    }

    private UUID start(String jobId, String extra) {
        return api.startRun("""
                {"executor": "vertex-pipelines", "jobId": "%s", "displayName": "on vertex", "pipelineRoot": "%s",
                 "parameterValues": {"dataset": "fashion-mnist", "epochs": 2, "deployTarget": "vertex",
                 "project": "ml-project", "region": "europe-west4"}%s}""".formatted(jobId, ROOT, extra));
    }

    @Test
    void aRunSubmittedAsAPipelineJobMirrorsItsStatesMetricsAndArtifacts() {
        UUID id = start("vertex-run-1", "");
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(30));

        CreatePipelineJobRequest create = vertex.requests(CreatePipelineJobRequest.class).get(0);
        assertThat(create.getParent()).isEqualTo("projects/ml-project/locations/europe-west4");
        assertThat(create.getPipelineJobId()).isEqualTo("vertex-run-1");
        PipelineJob job = create.getPipelineJob();
        assertThat(job.getDisplayName()).isEqualTo("on vertex");
        assertThat(job.getLabelsMap()).containsEntry("pipelines-run-id", id.toString());
        assertThat(job.getRuntimeConfig().getGcsOutputDirectory()).isEqualTo(ROOT);
        assertThat(job.getRuntimeConfig().getParameterValuesMap())
                .containsEntry("epochs", Value.newBuilder().setNumberValue(2).build())
                .containsEntry("dataset", Value.newBuilder().setStringValue("fashion-mnist").build())
                .containsEntry("deployTarget", Value.newBuilder().setStringValue("vertex").build());
        Struct spec = job.getPipelineSpec();
        assertThat(spec.getFieldsOrThrow("schemaVersion").getStringValue()).isEqualTo("2.1.0");
        Struct train = field(spec, "root", "dag", "tasks", "load-data-and-training");
        assertThat(field(train, "cachingOptions").getFieldsOrThrow("enableCache").getBoolValue()).isTrue();
        Struct container = field(spec, "deploymentSpec", "executors", "exec-load-data-and-training", "container");
        assertThat(strings(container, "command")).containsExactly("java", "-jar", "/opt/pipelines/app.jar");
        assertThat(strings(container, "args")).startsWith("train").contains("--output-model",
                "{{$.outputs.artifacts['output_model'].path}}", "--executor-input", "{{$}}");
        assertThat(strings(container, "args")).contains("{\"IfPresent\":{\"InputName\":\"trainLimit\",\"Then\":"
                + "[\"--train-limit\",\"{{$.inputs.parameters['trainLimit']}}\"]}}");
        assertThat(assertThatSpecAsksForTheImage(container)).isEqualTo("pipelines-service:latest");

        assertThat(run.get("executor").asString()).isEqualTo("vertex-pipelines");
        assertThat(run.get("externalJob").asString())
                .isEqualTo("projects/ml-project/locations/europe-west4/pipelineJobs/vertex-run-1");
        assertThat(task(run, "load-data-and-training").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(task(run, "deploy-model").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("metrics").get("acc").asDouble()).isEqualTo(91.25);
        assertThat(run.get("metrics").get("Model").asString()).isEqualTo("LinearModel");
        assertThat(artifact(run, "output_model").get("uri").asString()).startsWith(ROOT + "/123456789/vertex-run-1/");
        assertThat(artifact(run, "output_model").get("type").asString()).isEqualTo("system.Model");
        assertThat(artifact(run, "vertex_endpoint").get("uri").asString())
                .matches("projects/ml-project/locations/europe-west4/endpoints/\\d+");
        assertThat(artifact(run, "vertex_model").get("uri").asString())
                .matches("projects/ml-project/locations/europe-west4/models/\\d+");
        List<String> states = run.get("stateHistory").valueStream().map(c -> c.get("state").asString()).toList();
        assertThat(states).containsExactly("QUEUED", "PENDING", "RUNNING", "SUCCEEDED");
    }

    @Test
    void aFailedTaskFailsTheRunWithVertexReasonAndARetryResubmitsUnderANewJobId() {
        vertex.pipelines().failTask("deploy-model");
        UUID id = start("vertex-run-2", ", \"enableCaching\": false");
        JsonNode failed = api.awaitState(id, "FAILED", Duration.ofSeconds(30));
        assertThat(failed.get("error").asString()).contains("The failed tasks are: [deploy-model]");
        assertThat(task(failed, "load-data-and-training").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(task(failed, "deploy-model").get("state").asString()).isEqualTo("FAILED");
        assertThat(task(failed, "deploy-model").get("error").asString()).contains("non-zero status");
        Struct spec = vertex.requests(CreatePipelineJobRequest.class).get(0).getPipelineJob().getPipelineSpec();
        assertThat(field(spec, "root", "dag", "tasks", "load-data-and-training", "cachingOptions")
                .getFieldsOrThrow("enableCache").getBoolValue()).isFalse();

        vertex.pipelines().failTask(null);
        assertThat(api.post("/api/v1/runs/" + id + ":retry", "").status()).isEqualTo(202);
        JsonNode retried = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(30));
        assertThat(vertex.requests(CreatePipelineJobRequest.class)).extracting(CreatePipelineJobRequest::getPipelineJobId)
                .containsExactly("vertex-run-2", "vertex-run-2-r2");
        assertThat(retried.get("externalJob").asString()).endsWith("/pipelineJobs/vertex-run-2-r2");
    }

    @Test
    void cancellingTheRunCancelsThePipelineJob() {
        vertex.pipelines().hold(true);
        UUID id = start("vertex-run-3", "");
        api.awaitRun(id, run -> "RUNNING".equals(run.get("state").asString()), Duration.ofSeconds(30));

        assertThat(api.post("/api/v1/runs/" + id + ":cancel", "").status()).isEqualTo(202);
        JsonNode run = api.awaitState(id, "CANCELLED", Duration.ofSeconds(30));

        assertThat(vertex.requests(CancelPipelineJobRequest.class)).extracting(CancelPipelineJobRequest::getName)
                .containsExactly("projects/ml-project/locations/europe-west4/pipelineJobs/vertex-run-3");
        assertThat(task(run, "load-data-and-training").get("state").asString()).isEqualTo("CANCELLED");
        assertThat(run.get("stateHistory").valueStream().map(c -> c.get("state").asString()))
                .contains("CANCELLING", "CANCELLED");
    }

    @Test
    void aSubmissionVertexRefusesFailsTheRunSayingWhy() {
        vertex.failNext("CreatePipelineJob", Status.Code.PERMISSION_DENIED, 1);
        JsonNode run = api.awaitState(start("vertex-run-4", ""), "FAILED", Duration.ofSeconds(30));
        assertThat(run.get("error").asString()).contains("PERMISSION_DENIED", "roles/aiplatform.user");
        assertThat(vertex.pipelines().jobs()).doesNotContainKey(
                "projects/ml-project/locations/europe-west4/pipelineJobs/vertex-run-4");
    }

    @Test
    void aSubmissionRepeatedAfterACrashFindsTheJobItCreated() {
        vertex.failNext("GetPipelineJob", Status.Code.UNAVAILABLE, 2);
        UUID id = start("vertex-run-5", "");
        assertThat(api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(30)).get("metrics").get("acc").asDouble())
                .isEqualTo(91.25);
        assertThat(vertex.requests(CreatePipelineJobRequest.class)).hasSize(1);
    }

    @Test
    void anUploadedVersionIsSubmittedUnchangedForeignContainersIncluded() throws Exception {
        String fixture;
        try (var in = getClass().getResourceAsStream("/pipelines/two-models.json")) {
            fixture = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String foreign = fixture.replace("""
                "image": "ghcr.io/example/pipelines-service:0.1.0",
                          "command": ["java", "-jar", "/opt/pipelines/app.jar"],
                          "args": ["deploy\"""", """
                "image": "python:3.11",
                          "command": ["python3"],
                          "args": ["deploy\"""");
        assertThat(foreign).contains("python:3.11");
        String name = "on-vertex-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/pipelines?name=" + name, foreign).status()).isEqualTo(201);
        UUID id = api.startRun("""
                {"pipelineName": "%s", "executor": "vertex-pipelines", "pipelineRoot": "%s",
                 "parameterValues": {"min_accuracy": 0.4}}""".formatted(name, ROOT));
        api.awaitRun(id, run -> !vertex.requests(CreatePipelineJobRequest.class).isEmpty(), Duration.ofSeconds(30));

        PipelineJob job = vertex.requests(CreatePipelineJobRequest.class).get(0).getPipelineJob();
        Struct.Builder stored = Struct.newBuilder();
        com.google.protobuf.util.JsonFormat.parser().merge(api.get("/api/v1/pipelines/" + name
                + "/versions/1/spec").body(), stored);
        assertThat(job.getPipelineSpec()).isEqualTo(stored.build());
        assertThat(job.getRuntimeConfig().getParameterValuesMap())
                .containsEntry("min_accuracy", Value.newBuilder().setNumberValue(0.4).build())
                .containsEntry("dataset", Value.newBuilder().setStringValue("fashion-mnist").build());
        assertThat(api.run(id).get("pipelineVersion").asInt()).isEqualTo(1);
    }

    @Test
    void vertexPipelinesNeedsACloudStorageRootAndTheVertexDeployTarget() {
        var local = api.post("/api/v1/runs", """
                {"executor": "vertex-pipelines", "parameterValues": {"deployTarget": "vertex"}}""");
        assertThat(local.status()).isEqualTo(400);
        assertThat(local.json().get("errors").get(0).get("field").asString()).isEqualTo("pipelineRoot");
        var localDeploy = api.post("/api/v1/runs", """
                {"executor": "vertex-pipelines", "pipelineRoot": "gs://ml-bucket/r", "parameterValues": {}}""");
        assertThat(localDeploy.status()).isEqualTo(400);
        assertThat(localDeploy.json().get("errors").get(0).get("field").asString())
                .isEqualTo("parameterValues.deployTarget");
        var unknown = api.post("/api/v1/runs", """
                {"executor": "kubeflow"}""");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("executor");
        assertThat(vertex.requests(CreatePipelineJobRequest.class)).isEmpty();
    }

    private static String assertThatSpecAsksForTheImage(Struct container) {
        return container.getFieldsOrThrow("image").getStringValue();
    }

    private static Struct field(Struct root, String... path) {
        Struct current = root;
        for (String key : path) {
            current = current.getFieldsOrThrow(key).getStructValue();
        }
        return current;
    }

    private static List<String> strings(Struct struct, String key) {
        return struct.getFieldsOrThrow(key).getListValue().getValuesList().stream().map(Value::getStringValue).toList();
    }
}
