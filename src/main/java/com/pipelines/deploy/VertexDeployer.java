package com.pipelines.deploy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.google.cloud.aiplatform.v1.DedicatedResources;
import com.google.cloud.aiplatform.v1.DeployModelRequest;
import com.google.cloud.aiplatform.v1.DeployedModel;
import com.google.cloud.aiplatform.v1.Endpoint;
import com.google.cloud.aiplatform.v1.EndpointServiceClient;
import com.google.cloud.aiplatform.v1.ListEndpointsRequest;
import com.google.cloud.aiplatform.v1.ListModelsRequest;
import com.google.cloud.aiplatform.v1.MachineSpec;
import com.google.cloud.aiplatform.v1.Model;
import com.google.cloud.aiplatform.v1.ModelServiceClient;
import com.google.cloud.aiplatform.v1.UploadModelRequest;
import com.google.cloud.aiplatform.v1.AcceleratorType;
import com.google.cloud.aiplatform.v1.CreateEndpointRequest;
import org.springframework.stereotype.Component;

/**
 * Target {@code vertex}, as the seed's {@code Model.upload} + {@code Endpoint.create} + {@code model.deploy}. Every
 * resource it creates carries the label {@value #RUN_LABEL} = run id, and a second attempt of the same run first
 * looks for what the first one created, so a step re-executed after a crash neither uploads nor deploys twice.
 */
@Component
class VertexDeployer {

    static final String RUN_LABEL = "pipelines-run-id";

    private final VertexClients clients;
    private final VertexProperties properties;

    VertexDeployer(VertexClients clients, VertexProperties properties) {
        this.clients = clients;
        this.properties = properties;
    }

    VertexDeployment deploy(VertexDeployRequest request, Consumer<String> log) {
        try (ModelServiceClient models = clients.models(request.region());
             EndpointServiceClient endpoints = clients.endpoints(request.region())) {
            VertexCalls calls = new VertexCalls(properties.operationTimeout());
            UploadedModel model = request.modelAlias() == null ? upload(models, calls, request, log)
                    : uploaded(VertexModelVersions.uploadUnderAlias(models, calls, request, log));
            Endpoint endpoint = endpoint(endpoints, calls, request, log);
            String deployedModelId = deployedModel(endpoint, model.name())
                    .orElseGet(() -> deployModel(endpoints, calls, request, model, endpoint, log));
            Endpoint after = calls.call("get endpoint " + endpoint.getName(),
                    () -> endpoints.getEndpoint(endpoint.getName()));
            Map<String, Integer> split = new LinkedHashMap<>(after.getTrafficSplitMap());
            log.accept("Deployed model " + deployedModelId + " to " + endpoint.getName() + ", traffic split " + split);
            return new VertexDeployment(model.name(), model.versionId(), endpoint.getName(), deployedModelId, split);
        } catch (IOException e) {
            throw VertexCalls.cannotConnect(e);
        }
    }

    private record UploadedModel(String name, String versionId) {
    }

    /** A version is deployed and recorded by its own name, {@code models/123@2}, as Vertex takes it. */
    private static UploadedModel uploaded(VertexModelVersions.Version version) {
        return new UploadedModel(version.model() + "@" + version.versionId(), version.versionId());
    }

    private UploadedModel upload(ModelServiceClient models, VertexCalls calls, VertexDeployRequest request,
                                 Consumer<String> log) {
        String filter = request.runLabelFilter();
        var earlier = calls.call("list models in " + request.parent(), () -> models.listModels(
                ListModelsRequest.newBuilder().setParent(request.parent()).setFilter(filter).build()));
        for (Model model : earlier.iterateAll()) {
            log.accept("Model already uploaded by an earlier attempt: " + model.getName());
            return new UploadedModel(model.getName(), model.getVersionId());
        }
        UploadModelRequest upload = UploadModelRequest.newBuilder()
                .setParent(request.parent())
                .setModel(request.model())
                .build();
        var response = calls.await("upload model " + request.displayName(), () -> models.uploadModelAsync(upload));
        log.accept("Model uploaded: " + response.getModel() + " (version " + response.getModelVersionId() + ")");
        return new UploadedModel(response.getModel(), response.getModelVersionId());
    }

    private Endpoint endpoint(EndpointServiceClient endpoints, VertexCalls calls, VertexDeployRequest request,
                              Consumer<String> log) {
        if (request.endpoint() != null) {
            return calls.call("get endpoint " + request.endpointName(),
                    () -> endpoints.getEndpoint(request.endpointName()));
        }
        String filter = request.runLabelFilter();
        var earlier = calls.call("list endpoints in " + request.parent(), () -> endpoints.listEndpoints(
                ListEndpointsRequest.newBuilder().setParent(request.parent()).setFilter(filter).build()));
        for (Endpoint endpoint : earlier.iterateAll()) {
            log.accept("Endpoint already created by an earlier attempt: " + endpoint.getName());
            return endpoint;
        }
        CreateEndpointRequest create = CreateEndpointRequest.newBuilder()
                .setParent(request.parent())
                .setEndpoint(Endpoint.newBuilder()
                        .setDisplayName(request.displayName() + "-endpoint")
                        .putLabels(RUN_LABEL, request.runLabel()))
                .build();
        Endpoint created = calls.await("create endpoint", () -> endpoints.createEndpointAsync(create));
        log.accept("Endpoint created: " + created.getName());
        return created;
    }

    private static Optional<String> deployedModel(Endpoint endpoint, String modelName) {
        return endpoint.getDeployedModelsList().stream()
                .filter(d -> d.getModel().equals(modelName))
                .map(DeployedModel::getId)
                .findFirst();
    }

    private String deployModel(EndpointServiceClient endpoints, VertexCalls calls, VertexDeployRequest request,
                               UploadedModel model, Endpoint endpoint, Consumer<String> log) {
        MachineSpec.Builder machine = MachineSpec.newBuilder().setMachineType(request.machineType());
        if (request.acceleratorType() != null) {
            machine.setAcceleratorType(AcceleratorType.valueOf(request.acceleratorType()))
                    .setAcceleratorCount(request.acceleratorCount());
        }
        // "0" is the model being deployed; the models already there keep their proportions in what remains.
        Map<String, Integer> split = TrafficSplit.withNewModel(endpoint.getTrafficSplitMap(), "0",
                request.trafficPercentage());
        DeployModelRequest deploy = DeployModelRequest.newBuilder()
                .setEndpoint(endpoint.getName())
                .setDeployedModel(DeployedModel.newBuilder()
                        .setModel(model.name())
                        .setDisplayName(request.displayName())
                        .setDedicatedResources(DedicatedResources.newBuilder()
                                .setMachineSpec(machine)
                                .setMinReplicaCount(request.minReplicaCount())
                                .setMaxReplicaCount(request.maxReplicaCount())))
                .putAllTrafficSplit(split)
                .build();
        log.accept("Deploying " + model.name() + " to " + endpoint.getName() + " on " + request.minReplicaCount()
                + "-" + request.maxReplicaCount() + " x " + request.machineType() + " (this can take many minutes)");
        return calls.await("deploy model to " + endpoint.getName(), () -> endpoints.deployModelAsync(deploy))
                .getDeployedModel().getId();
    }
}
