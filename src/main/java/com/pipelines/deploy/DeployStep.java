package com.pipelines.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pipelines.pipeline.ArtifactSpec;
import com.pipelines.pipeline.PipelineStep;
import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.pipeline.StepContext;
import com.pipelines.pipeline.StepFailedException;
import org.springframework.stereotype.Component;

/**
 * Step {@code deploy-model}, as the seed's: upload {@code output_model} to the model registry, create an endpoint
 * (or use the one given), deploy the model with its share of the traffic, and record the {@code vertex_model} and
 * {@code vertex_endpoint} artifacts whose uri is the resource name. Target {@code local}: this service's own
 * registry and endpoints, serving Vertex-format predictions.
 */
@Component
class DeployStep implements PipelineStep {

    private final LocalEndpoints endpoints;

    DeployStep(LocalEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public String name() {
        return "deploy-model";
    }

    @Override
    public String description() {
        return "Uploads the trained model, creates or reuses an endpoint and deploys the model to it";
    }

    @Override
    public List<ArtifactSpec> inputs() {
        return List.of(new ArtifactSpec("output_model", ArtifactSpec.MODEL));
    }

    @Override
    public List<ArtifactSpec> outputs() {
        return List.of(new ArtifactSpec("vertex_model", ArtifactSpec.ARTIFACT),
                new ArtifactSpec("vertex_endpoint", ArtifactSpec.ARTIFACT));
    }

    @Override
    public void execute(StepContext context) {
        String target = context.stringParameter("deployTarget");
        if (!"local".equals(target)) {
            throw StepFailedException.permanent("Deploy target '" + target + "' is not available in this build");
        }
        RecordedArtifact artifact = context.inputArtifact("output_model").orElseThrow(() ->
                StepFailedException.permanent("No output_model artifact from an earlier step to deploy"));
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
        modelMetadata.put("target", target);
        context.recordArtifact("vertex_model", ArtifactSpec.ARTIFACT, model.resourceName(), modelMetadata);
        Map<String, Object> endpointMetadata = new LinkedHashMap<>();
        endpointMetadata.put("resourceName", endpoint.resourceName());
        endpointMetadata.put("deployedModelId", deployed.id());
        endpointMetadata.put("trafficSplit", split);
        endpointMetadata.put("machineType", deployed.machineType());
        endpointMetadata.put("minReplicaCount", deployed.minReplicaCount());
        endpointMetadata.put("maxReplicaCount", deployed.maxReplicaCount());
        endpointMetadata.put("predictPath", "/v1/" + endpoint.resourceName() + ":predict");
        endpointMetadata.put("target", target);
        context.recordArtifact("vertex_endpoint", ArtifactSpec.ARTIFACT, endpoint.resourceName(), endpointMetadata);
        context.log("Endpoint: " + endpoint.resourceName());
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
