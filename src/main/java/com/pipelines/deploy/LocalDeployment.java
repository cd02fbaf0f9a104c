package com.pipelines.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.pipelines.deploy.DeployStep.DeployOutcome;
import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.pipeline.StepContext;
import com.pipelines.pipeline.StepFailedException;
import org.springframework.stereotype.Component;

/** Target {@code local}: this service's own registry and endpoints, serving Vertex-format predictions. */
@Component
class LocalDeployment {

    private final LocalEndpoints endpoints;
    private final ModelRegistry registry;
    private final tools.jackson.databind.json.JsonMapper json;

    LocalDeployment(LocalEndpoints endpoints, ModelRegistry registry, tools.jackson.databind.json.JsonMapper json) {
        this.endpoints = endpoints;
        this.registry = registry;
        this.json = json;
    }

    DeployOutcome deploy(StepContext context, RecordedArtifact artifact) {
        String project = context.stringParameter("project");
        String region = context.stringParameter("region");
        String displayName = context.stringParameter("modelDisplayName");

        RegisteredModel model = endpoints.registerModel(project, region, displayName, artifact.uri(),
                context.stringParameter("servingImage"), context.runId());
        endpoints.describe(model.id(), model.description(), model.labels(), lineage(context, artifact));
        context.log("Model uploaded: " + model.resourceName() + " (version " + model.versionId() + ")");
        String alias = context.stringParameter("modelAlias");
        List<DeployedModel> following = List.of();
        if (alias != null) {
            registry.addAlias(model, alias);
            following = endpoints.following(model, alias);
            context.log("Alias " + displayName + "@" + alias + " now names version " + model.versionId()
                    + (following.isEmpty() ? "" : "; " + following.size() + " deployment(s) following it swapped"));
        }
        String given = context.stringParameter("endpoint");
        DeployedModel deployed;
        Endpoint endpoint;
        Optional<DeployedModel> swapped = following.stream().filter(d -> given == null
                || d.endpointId().equals(endpoint(context, project, region, displayName).id())).findFirst();
        if (swapped.isPresent()) {
            deployed = swapped.get();
            endpoint = endpoints.endpoint(null, null, deployed.endpointId());
        } else {
            endpoint = endpoint(context, project, region, displayName);
            deployed = endpoints.deploy(endpoint.id(), model, alias,
                    context.longParameter("trafficPercentage").orElse(100L).intValue(),
                    context.stringParameter("machineType"),
                    context.longParameter("minReplicaCount").orElse(1L).intValue(),
                    context.longParameter("maxReplicaCount").orElse(1L).intValue(), context.runId());
        }
        Map<String, Integer> split = new LinkedHashMap<>();
        endpoints.deployedModels(endpoint.id()).forEach(d -> split.put(d.id(), d.trafficPercentage()));
        context.log("Deployed model " + deployed.id() + " to " + endpoint.resourceName() + ", traffic split " + split);

        Map<String, Object> modelMetadata = new LinkedHashMap<>();
        modelMetadata.put("resourceName", model.resourceName());
        modelMetadata.put("displayName", model.displayName());
        modelMetadata.put("versionId", model.versionId());
        modelMetadata.put("artifactUri", model.artifactUri());
        modelMetadata.put("servingImage", model.servingImage());
        modelMetadata.put("target", "local");
        Map<String, Object> endpointMetadata = new LinkedHashMap<>();
        endpointMetadata.put("resourceName", endpoint.resourceName());
        endpointMetadata.put("deployedModelId", deployed.id());
        endpointMetadata.put("trafficSplit", split);
        endpointMetadata.put("machineType", deployed.machineType());
        endpointMetadata.put("minReplicaCount", deployed.minReplicaCount());
        endpointMetadata.put("maxReplicaCount", deployed.maxReplicaCount());
        endpointMetadata.put("predictPath", "/v1/" + endpoint.resourceName() + ":predict");
        endpointMetadata.put("target", "local");
        if (alias != null) {
            endpointMetadata.put("followsAlias", displayName + "@" + alias);
        }
        return new DeployOutcome(model.resourceName(), modelMetadata, endpoint.resourceName(), endpointMetadata);
    }

    /** Where the version came from: the run and task, the dataset version, the parameters and the evaluation. */
    private String lineage(StepContext context, RecordedArtifact artifact) {
        Map<String, Object> lineage = new LinkedHashMap<>();
        lineage.put("source", "run");
        lineage.put("run", context.runId().toString());
        lineage.put("pipeline", context.pipelineName());
        lineage.put("task", artifact.task());
        lineage.put("artifactUri", artifact.uri());
        Map<String, Object> metadata = artifact.metadata() == null ? Map.of() : artifact.metadata();
        for (String key : List.of("dataset", "datasetVersion", "datasetDigest", "architecture", "modelType",
                "trainingParameters", "evaluation", "classNames")) {
            if (metadata.get(key) != null) {
                lineage.put(key, metadata.get(key));
            }
        }
        return json.writeValueAsString(lineage);
    }

    private Endpoint endpoint(StepContext context, String project, String region, String displayName) {
        String given = context.stringParameter("endpoint");
        if (given == null) {
            return endpoints.createEndpoint(project, region, displayName + "-endpoint", context.runId(),
                    context.createdBy());
        }
        try {
            return endpoints.endpoint(project, region, given);
        } catch (DeployException notFound) {
            throw StepFailedException.permanent("Endpoint '" + given + "' does not exist in projects/" + project
                    + "/locations/" + region + "; omit 'endpoint' to create a new one");
        }
    }
}
