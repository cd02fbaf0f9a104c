package com.pipelines.deploy;

import static com.pipelines.testing.ApiClient.artifact;
import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.cloud.aiplatform.v1.AcceleratorType;
import com.google.cloud.aiplatform.v1.CreateEndpointRequest;
import com.google.cloud.aiplatform.v1.DeployModelRequest;
import com.google.cloud.aiplatform.v1.UploadModelRequest;
import com.google.cloud.storage.Blob;
import com.google.longrunning.GetOperationRequest;
import com.google.cloud.storage.Storage;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.FakeVertexAi;
import io.grpc.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The seed's pipeline with deployTarget=vertex: the real google-cloud-aiplatform and google-cloud-storage clients
 * against an in-process fake Vertex AI and in-memory Cloud Storage. Asserts what the client sent and what the run
 * recorded, and one failing run per class of Vertex error.
 */
@EngineTest
class VertexDeployPipelineTest {

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String ROOT = "gs://ml-bucket/pipeline_root";

    @LocalServerPort
    int port;

    @Autowired
    FakeVertexAi vertex;

    @Autowired
    Storage storage;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        vertex.reset();
        assumeTrue(Files.isDirectory(FASHION), "Debian package dataset-fashion-mnist is not installed");
    }

    private UUID start(String extraParameters) {
        return api.startRun("""
                {"pipelineRoot": "%s", "parameterValues": {"dataset": "fashion-mnist", "trainLimit": 500,
                 "epochs": 1, "deployTarget": "vertex", "project": "ml-project", "region": "europe-west4",
                 "modelDisplayName": "fashion-linear"%s}}""".formatted(ROOT, extraParameters));
    }

    @Test
    void uploadsCreatesAnEndpointAndDeploysWithTheRequestedResources() {
        vertex.pollsBeforeDone(2);
        UUID id = start(", \"machineType\": \"n1-standard-8\", \"minReplicaCount\": 1, \"maxReplicaCount\": 3,"
                + " \"acceleratorType\": \"NVIDIA_TESLA_T4\", \"acceleratorCount\": 1");
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));

        String modelFolder = ROOT + "/simple-mnist-pipeline/" + id + "/load-data-and-training/attempt-1/output_model/";
        List<String> uploaded = objects("ml-bucket", "pipeline_root/simple-mnist-pipeline/" + id + "/");
        assertThat(uploaded).contains("pipeline_root/simple-mnist-pipeline/" + id
                + "/load-data-and-training/attempt-1/output_model/saved_model.pb");
        assertThat(uploaded).anyMatch(name -> name.contains("/output_model/variables/variables.index"));

        assertThat(vertex.apiEndpoints()).containsOnly("europe-west4-aiplatform.googleapis.com:443");
        UploadModelRequest upload = single(vertex.requests(UploadModelRequest.class));
        assertThat(upload.getParent()).isEqualTo("projects/ml-project/locations/europe-west4");
        assertThat(upload.getModel().getDisplayName()).isEqualTo("fashion-linear");
        assertThat(upload.getModel().getArtifactUri()).isEqualTo(modelFolder);
        assertThat(upload.getModel().getContainerSpec().getImageUri())
                .isEqualTo("us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-6:latest");
        assertThat(upload.getModel().getLabelsMap()).containsEntry("pipelines-run-id", id.toString());

        CreateEndpointRequest create = single(vertex.requests(CreateEndpointRequest.class));
        assertThat(create.getParent()).isEqualTo("projects/ml-project/locations/europe-west4");
        assertThat(create.getEndpoint().getDisplayName()).isEqualTo("fashion-linear-endpoint");

        DeployModelRequest deploy = single(vertex.requests(DeployModelRequest.class));
        String modelName = vertex.models().keySet().iterator().next();
        String endpointName = deploy.getEndpoint();
        assertThat(endpointName).matches("projects/ml-project/locations/europe-west4/endpoints/\\d+");
        assertThat(deploy.getDeployedModel().getModel()).isEqualTo(modelName);
        var resources = deploy.getDeployedModel().getDedicatedResources();
        assertThat(resources.getMachineSpec().getMachineType()).isEqualTo("n1-standard-8");
        assertThat(resources.getMachineSpec().getAcceleratorType()).isEqualTo(AcceleratorType.NVIDIA_TESLA_T4);
        assertThat(resources.getMachineSpec().getAcceleratorCount()).isEqualTo(1);
        assertThat(resources.getMinReplicaCount()).isEqualTo(1);
        assertThat(resources.getMaxReplicaCount()).isEqualTo(3);
        assertThat(deploy.getTrafficSplitMap()).isEqualTo(Map.of("0", 100));

        JsonNode model = artifact(run, "vertex_model");
        JsonNode endpoint = artifact(run, "vertex_endpoint");
        assertThat(model.get("uri").asString()).isEqualTo(modelName);
        assertThat(model.get("metadata").get("artifactUri").asString()).isEqualTo(modelFolder);
        assertThat(endpoint.get("uri").asString()).isEqualTo(endpointName);
        String deployedId = vertex.endpoints().get(endpointName).getDeployedModels(0).getId();
        assertThat(endpoint.get("metadata").get("deployedModelId").asString()).isEqualTo(deployedId);
        assertThat(endpoint.get("metadata").get("trafficSplit").get(deployedId).asInt()).isEqualTo(100);
        assertThat(run.get("pipelineRoot").asString()).isEqualTo(ROOT);
        assertThat(vertex.requests(GetOperationRequest.class)).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void anOperationThatOutlivesItsTimeoutIsRetriedAndTheNextAttemptReusesWhatItCreated() {
        vertex.pollsBeforeDone(1_000_000);
        UUID id = start("");
        api.awaitRun(id, run -> task(run, "deploy-model").get("attempt").asInt() == 2, Duration.ofSeconds(60));
        vertex.pollsBeforeDone(0);
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));
        assertThat(task(run, "deploy-model").get("attempt").asInt()).isBetween(2, 3);
        assertThat(vertex.requests(UploadModelRequest.class)).hasSize(1);
        assertThat(vertex.requests(CreateEndpointRequest.class)).hasSize(1);
        assertThat(vertex.requests(DeployModelRequest.class)).hasSize(1);
        assertThat(artifact(run, "vertex_endpoint").get("uri").asString())
                .isEqualTo(single(vertex.requests(DeployModelRequest.class)).getEndpoint());
    }

    @Test
    void aSecondModelOnAnExistingEndpointTakesItsShareAndTheFirstKeepsTheRest() {
        UUID first = start("");
        String endpointName = artifact(api.awaitState(first, "SUCCEEDED", Duration.ofSeconds(120)),
                "vertex_endpoint").get("uri").asString();
        String firstDeployed = vertex.endpoints().get(endpointName).getDeployedModels(0).getId();
        vertex.reset();

        String endpointId = endpointName.substring(endpointName.lastIndexOf('/') + 1);
        UUID second = start(", \"endpoint\": \"" + endpointId + "\", \"trafficPercentage\": 20");
        JsonNode run = api.awaitState(second, "SUCCEEDED", Duration.ofSeconds(120));

        assertThat(vertex.requests(CreateEndpointRequest.class)).isEmpty();
        DeployModelRequest deploy = single(vertex.requests(DeployModelRequest.class));
        assertThat(deploy.getEndpoint()).isEqualTo(endpointName);
        assertThat(deploy.getTrafficSplitMap()).isEqualTo(Map.of(firstDeployed, 80, "0", 20));
        JsonNode split = artifact(run, "vertex_endpoint").get("metadata").get("trafficSplit");
        assertThat(split.get(firstDeployed).asInt()).isEqualTo(80);
        assertThat(split.size()).isEqualTo(2);
    }

    @Test
    void aModelAliasMakesEachRunANewVersionOfOneVertexModelAndMovesTheAliasToIt() {
        String body = """
                {"pipelineRoot": "%s", "enableCaching": false, "parameterValues": {"dataset": "fashion-mnist", "trainLimit": 300,
                 "epochs": 1, "deployTarget": "vertex", "project": "ml-project", "region": "europe-west4",
                 "modelDisplayName": "aliased-linear", "modelAlias": "champion"}}""".formatted(ROOT);
        JsonNode first = api.awaitState(api.startRun(body), "SUCCEEDED", Duration.ofSeconds(120));
        JsonNode second = api.awaitState(api.startRun(body), "SUCCEEDED", Duration.ofSeconds(120));

        String firstModel = artifact(first, "vertex_model").get("uri").asString();
        String secondModel = artifact(second, "vertex_model").get("uri").asString();
        assertThat(firstModel).endsWith("@1");
        String model = firstModel.substring(0, firstModel.indexOf('@'));
        assertThat(secondModel).isEqualTo(model + "@2");
        assertThat(vertex.requests(UploadModelRequest.class)).last()
                .satisfies(upload -> assertThat(upload.getParentModel()).isEqualTo(model));
        List<com.google.cloud.aiplatform.v1.Model> versions = vertex.versions(model);
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).getVersionAliasesList()).doesNotContain("champion");
        assertThat(versions.get(1).getVersionAliasesList()).containsExactly("champion");
        String endpoint = artifact(second, "vertex_endpoint").get("uri").asString();
        assertThat(vertex.endpoints().get(endpoint).getDeployedModelsList())
                .extracting(com.google.cloud.aiplatform.v1.DeployedModel::getModel).containsExactly(model + "@2");
    }

    @Test
    void unavailableIsRetriedWithBackoffAndTheRunSucceeds() {
        vertex.failNext("UploadModel", Status.Code.UNAVAILABLE, 2);
        vertex.failNext("DeployModel", Status.Code.DEADLINE_EXCEEDED, 1);
        UUID id = start("");
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));
        assertThat(vertex.requests(UploadModelRequest.class)).hasSize(3);
        assertThat(vertex.requests(DeployModelRequest.class)).hasSize(2);
        assertThat(vertex.models()).containsKey(artifact(run, "vertex_model").get("uri").asString());
        assertThat(task(run, "deploy-model").get("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void permissionDeniedFailsTheStepAtOnceWithWhatToGrant() {
        vertex.failNext("UploadModel", Status.Code.PERMISSION_DENIED, 1);
        JsonNode run = api.awaitState(start(""), "FAILED", Duration.ofSeconds(120));
        assertThat(run.get("error").asString()).contains("permission denied").contains("roles/aiplatform.user");
        assertThat(task(run, "deploy-model").get("attempt").asInt()).isEqualTo(1);
        assertThat(vertex.requests(UploadModelRequest.class)).hasSize(1);
    }

    @Test
    void anUnknownEndpointFailsTheStepSayingWhatToCheck() {
        JsonNode run = api.awaitState(start(", \"endpoint\": \"424242\""), "FAILED", Duration.ofSeconds(120));
        assertThat(run.get("error").asString())
                .contains("projects/ml-project/locations/europe-west4/endpoints/424242")
                .contains("not found").contains("endpoint parameter");
        assertThat(vertex.requests(DeployModelRequest.class)).isEmpty();
    }

    @Test
    void anInvalidArgumentFailsTheStepWithVertexsReason() {
        JsonNode run = api.awaitState(start(", \"machineType\": \"bogus\""), "FAILED", Duration.ofSeconds(120));
        assertThat(run.get("error").asString()).contains("rejected").contains("Machine type \"bogus\"")
                .contains("machineType");
        assertThat(task(run, "deploy-model").get("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void aServiceThatStaysUnavailableFailsAfterEveryAttempt() {
        vertex.failNext("ListModels", Status.Code.UNAVAILABLE, 1000);
        JsonNode run = api.awaitState(start(""), "FAILED", Duration.ofSeconds(120));
        assertThat(run.get("error").asString()).contains("unavailable");
        assertThat(task(run, "deploy-model").get("attempt").asInt()).isEqualTo(3);
        assertThat(vertex.requests(UploadModelRequest.class)).isEmpty();
    }

    @Test
    void vertexWithoutACloudStorageRootIsRefusedAtSubmission() {
        ApiClient.Response response = api.post("/api/v1/runs",
                "{\"parameterValues\": {\"deployTarget\": \"vertex\"}}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("pipelineRoot");
    }

    private List<String> objects(String bucket, String prefix) {
        return storage.list(bucket, Storage.BlobListOption.prefix(prefix)).streamAll().map(Blob::getName).toList();
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }
}
