package com.pipelines.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.artifacts.PipelineRoots;
import com.pipelines.pipeline.ArtifactSpec;
import com.pipelines.pipeline.PipelineStep;
import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.pipeline.StepContext;
import com.pipelines.pipeline.StepFailedException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Step {@code deploy-model}, as the seed's: upload {@code output_model} to the model registry, create an endpoint
 * (or use the one given), deploy the model with its share of the traffic, and record the {@code vertex_model} and
 * {@code vertex_endpoint} artifacts whose uri is the resource name. Target {@code local}: this service's own
 * registry and endpoints, serving Vertex-format predictions. Target {@code vertex}: the SavedModel is copied to the
 * run's gs:// pipeline root and uploaded to and deployed on Vertex AI.
 */
@Component
class DeployStep implements PipelineStep {

    private final ObjectProvider<LocalDeployment> local;
    private final VertexDeployer vertex;
    private final ArtifactStorage storage;

    DeployStep(ObjectProvider<LocalDeployment> local, VertexDeployer vertex, ArtifactStorage storage) {
        this.local = local;
        this.vertex = vertex;
        this.storage = storage;
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
    public List<String> parameters() {
        return List.of("deployTarget", "project", "region", "endpoint", "modelDisplayName", "servingImage",
                "machineType", "minReplicaCount", "maxReplicaCount", "acceleratorType", "acceleratorCount",
                "trafficPercentage", "modelAlias");
    }

    @Override
    public String command() {
        return "deploy";
    }

    /** A component container has no endpoints of its own to deploy to. */
    @Override
    public Map<String, Object> commandLineDefaults() {
        return Map.of("deployTarget", "vertex");
    }

    /** Deploying is a side effect on an endpoint that may have changed since: never answered from the cache. */
    @Override
    public boolean cacheable() {
        return false;
    }

    @Override
    public List<ArtifactSpec> outputs() {
        return List.of(new ArtifactSpec("vertex_model", ArtifactSpec.ARTIFACT),
                new ArtifactSpec("vertex_endpoint", ArtifactSpec.ARTIFACT));
    }

    @Override
    public void execute(StepContext context) {
        RecordedArtifact model = context.inputArtifact("output_model").orElseThrow(() ->
                StepFailedException.permanent("No output_model artifact from an earlier step to deploy"));
        String target = context.stringParameter("deployTarget");
        DeployOutcome outcome = switch (target) {
            case "local" -> deployLocally(context, model);
            case "vertex" -> deployToVertex(context, model);
            default -> throw StepFailedException.permanent("Unknown deploy target '" + target + "'");
        };
        context.recordArtifact("vertex_model", ArtifactSpec.ARTIFACT, outcome.modelName(), outcome.modelMetadata());
        context.recordArtifact("vertex_endpoint", ArtifactSpec.ARTIFACT, outcome.endpointName(),
                outcome.endpointMetadata());
        context.log("Endpoint: " + outcome.endpointName());
    }

    private DeployOutcome deployLocally(StepContext context, RecordedArtifact model) {
        if (context.standalone()) {
            throw StepFailedException.permanent("deployTarget 'local' deploys to this service's own endpoints and "
                    + "cannot run in command-line mode; use --deploy-target vertex");
        }
        return local.getObject().deploy(context, model);
    }

    private DeployOutcome deployToVertex(StepContext context, RecordedArtifact model) {
        String artifactUri = PipelineRoots.isGcs(model.uri()) ? model.uri() : copyToPipelineRoot(context, model);
        VertexDeployRequest request = new VertexDeployRequest(context.runId(),
                context.stringParameter("project"), context.stringParameter("region"),
                context.stringParameter("modelDisplayName"), artifactUri, context.stringParameter("servingImage"),
                context.stringParameter("endpoint"), context.stringParameter("machineType"),
                context.longParameter("minReplicaCount").orElse(1L).intValue(),
                context.longParameter("maxReplicaCount").orElse(1L).intValue(),
                context.stringParameter("acceleratorType"),
                context.longParameter("acceleratorCount").orElse(0L).intValue(),
                context.longParameter("trafficPercentage").orElse(100L).intValue(),
                context.stringParameter("modelAlias"));
        VertexDeployment deployment = vertex.deploy(request, context::log);
        return DeployOutcome.vertex(request, deployment);
    }

    private String copyToPipelineRoot(StepContext context, RecordedArtifact model) {
        String root = context.pipelineRoot();
        if (!PipelineRoots.isGcs(root)) {
            throw StepFailedException.permanent("deployTarget 'vertex' needs a gs:// pipeline root; this run's is "
                    + root);
        }
        Path modelDir = context.localCopy(model);
        if (!Files.isDirectory(modelDir)) {
            throw StepFailedException.permanent("The model folder " + modelDir + " no longer exists");
        }
        String destination = root + "/" + context.pipelineName() + "/" + context.runId() + "/" + model.task()
                + "/" + model.name();
        context.log("Copying the SavedModel to " + destination);
        return storage.put(modelDir, destination + "/");
    }

    /** What a deploy produced, whatever the target: the two resource names and what to record with them. */
    record DeployOutcome(String modelName, Map<String, Object> modelMetadata, String endpointName,
                         Map<String, Object> endpointMetadata) {

        static DeployOutcome vertex(VertexDeployRequest request, VertexDeployment deployment) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("resourceName", deployment.modelName());
            model.put("displayName", request.displayName());
            model.put("versionId", deployment.modelVersionId());
            model.put("artifactUri", request.artifactUri());
            model.put("servingImage", request.servingImage());
            model.put("target", "vertex");
            Map<String, Object> endpoint = new LinkedHashMap<>();
            endpoint.put("resourceName", deployment.endpointName());
            endpoint.put("deployedModelId", deployment.deployedModelId());
            endpoint.put("trafficSplit", deployment.trafficSplit());
            endpoint.put("machineType", request.machineType());
            endpoint.put("minReplicaCount", request.minReplicaCount());
            endpoint.put("maxReplicaCount", request.maxReplicaCount());
            if (request.acceleratorType() != null) {
                endpoint.put("acceleratorType", request.acceleratorType());
                endpoint.put("acceleratorCount", request.acceleratorCount());
            }
            endpoint.put("target", "vertex");
            return new DeployOutcome(deployment.modelName(), model, deployment.endpointName(), endpoint);
        }
    }
}
