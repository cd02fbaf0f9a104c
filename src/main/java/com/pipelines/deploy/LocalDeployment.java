package com.pipelines.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

import com.pipelines.deploy.DeployStep.DeployOutcome;
import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.pipeline.StepContext;
import com.pipelines.pipeline.StepFailedException;
import org.springframework.stereotype.Component;

/** Target {@code local}: this service's own registry and endpoints, serving Vertex-format predictions. */
@Component
class LocalDeployment {

    private final LocalEndpoints endpoints;

    LocalDeployment(LocalEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    DeployOutcome deploy(StepContext context, RecordedArtifact artifact) {
        String project = context.stringParameter("project");
        String region = context.stringParameter("region");
        String displayName = context.stringParameter("modelDisplayName");

        RegisteredModel model = endpoints.registerModel(project, region, displayName, artifact.uri(),
                context.stringParameter("servingImage"), context.runId());
        context.log("Model uploaded: " + model.resourceName() + " (version " + model.versionId() + ")");
        Endpoint endpoint = endpoint(context, project, region, displayName);
        DeployedModel deployed = endpoints.deploy(endpoint.id(), model,
                context.longParameter("trafficPercentage").orElse(100L).intValue(),
                context.stringParameter("machineType"),
                context.longParameter("minReplicaCount").orElse(1L).intValue(),
                context.longParameter("maxReplicaCount").orElse(1L).intValue(), context.runId());
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
        return new DeployOutcome(model.resourceName(), modelMetadata, endpoint.resourceName(), endpointMetadata);
    }

    private Endpoint endpoint(StepContext context, String project, String region, String displayName) {
        String given = context.stringParameter("endpoint");
        if (given == null) {
            return endpoints.createEndpoint(project, region, displayName + "-endpoint", context.runId());
        }
        try {
            return endpoints.endpoint(project, region, given);
        } catch (DeployException notFound) {
            throw StepFailedException.permanent("Endpoint '" + given + "' does not exist in projects/" + project
                    + "/locations/" + region + "; omit 'endpoint' to create a new one");
        }
    }
}
