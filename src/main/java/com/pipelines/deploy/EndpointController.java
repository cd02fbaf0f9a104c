package com.pipelines.deploy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Page;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Models and endpoints", description = "The local model registry and endpoints (deploy target 'local')")
@RestController
@RequestMapping("/api/v1")
class EndpointController {

    private final LocalEndpoints endpoints;
    private final ModelRegistry registry;
    private final com.pipelines.PipelinesProperties properties;

    EndpointController(LocalEndpoints endpoints, ModelRegistry registry, com.pipelines.PipelinesProperties properties) {
        this.endpoints = endpoints;
        this.registry = registry;
        this.properties = properties;
    }

    record CreateEndpointRequest(@NotBlank @Size(max = 128) String displayName, @Size(max = 64) String project,
                                 @Size(max = 64) String region) {
    }

    @Schema(description = "Vertex AI's DeployModelRequest")
    record DeployModelRequest(@jakarta.validation.constraints.NotNull @Valid DeployedModelSpec deployedModel,
                              @Schema(description = "'0' is the model being deployed; the others keep their shares in "
                                      + "proportion", example = "{\"0\": 100}") Map<String, Integer> trafficSplit) {
    }

    @Schema(description = "What to deploy: a version id or resource name, or name@alias / name@version (a deployment "
            + "of name@alias follows the alias)")
    record DeployedModelSpec(@NotBlank @Size(max = 300) @Schema(example = "mnist-model@champion") String model,
                             @Valid DedicatedResources dedicatedResources) {
    }

    record DedicatedResources(MachineSpec machineSpec, @Min(1) @Max(100) Integer minReplicaCount,
                              @Min(1) @Max(100) Integer maxReplicaCount) {
    }

    record MachineSpec(@Size(max = 64) String machineType) {
    }

    @Operation(operationId = "createEndpoint", summary = "Create an empty endpoint")
    @ApiResponse(responseCode = "201", description = "The endpoint", useReturnTypeSchema = true)
    @PostMapping("/endpoints")
    ResponseEntity<EndpointView> create(@Valid @RequestBody CreateEndpointRequest request) {
        Endpoint created = endpoints.createEndpoint(
                request.project() != null ? request.project() : properties.project(),
                request.region() != null ? request.region() : properties.region(), request.displayName(), null,
                com.pipelines.security.Callers.currentKeyName());
        return ResponseEntity.created(java.net.URI.create("/api/v1/endpoints/" + created.id())).body(get(created.id()));
    }

    @Operation(operationId = "deployModel", summary = "Deploy a model version (by id, name@version or name@alias) "
            + "with a share of the traffic", description = "A deployment of name@alias follows the alias: moving the "
            + "alias swaps the version it serves, loaded before it answers.")
    @ApiResponse(responseCode = "200", description = "The endpoint with the new deployment", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No such endpoint, model, version or alias")
    @PostMapping("/endpoints/{id}:deployModel")
    EndpointView deployModel(@PathVariable String id, @Valid @RequestBody DeployModelRequest request) {
        Endpoint endpoint = endpoints.endpoint(null, null, id);
        String reference = request.deployedModel().model();
        RegisteredModel model = registry.resolve(reference, endpoint.project(), endpoint.region());
        String alias = null;
        int at = reference.lastIndexOf('@');
        if (at > 0 && !reference.substring(at + 1).matches("[0-9]+")) {
            alias = reference.substring(at + 1);
        }
        int traffic = request.trafficSplit() == null ? 100 : request.trafficSplit().getOrDefault("0", 100);
        if (traffic < 0 || traffic > 100) {
            throw DeployException.invalidTrafficSplit("trafficSplit.0 must be 0-100");
        }
        DedicatedResources resources = request.deployedModel().dedicatedResources();
        String machine = resources != null && resources.machineSpec() != null
                && resources.machineSpec().machineType() != null ? resources.machineSpec().machineType()
                : "n1-standard-4";
        int min = resources != null && resources.minReplicaCount() != null ? resources.minReplicaCount() : 1;
        int max = resources != null && resources.maxReplicaCount() != null ? resources.maxReplicaCount() : min;
        endpoints.deploy(endpoint.id(), model, alias, traffic, machine, min, Math.max(min, max), null);
        return get(endpoint.id());
    }

    record ModelView(String id, String name, String displayName, String versionId, String artifactUri,
                     String servingImage, String runId, Instant createTime) {
    }

    record ModelDetail(ModelView model, List<ModelView> versions) {
    }

    record DeployedModelView(String id, String model, String modelDisplayName, String modelVersionId,
                             int trafficPercentage, String machineType, int minReplicaCount, int maxReplicaCount,
                             Instant createTime, @Schema(description = "the alias this deployment follows, if any")
                             String followsAlias) {
    }

    record EndpointView(String id, String name, String displayName, Instant createTime,
                        List<DeployedModelView> deployedModels,
                        @Schema(example = "{\"4415104335476785152\": 80, \"2202207434394222592\": 20}")
                        Map<String, Integer> trafficSplit, String predictPath,
                        @Schema(description = "The API key that created it; absent without keys") String createdBy) {
    }

    @Schema(description = "A new traffic split: every deployed model id with its percentage, summing to 100")
    record TrafficSplitRequest(@NotNull @Size(max = 100) Map<String, Integer> trafficSplit) {
    }

    record UndeployRequest(@NotBlank @Size(max = 32) String deployedModelId) {
    }

    record ModelPage(List<ModelView> models, int page, int size, long totalElements, int totalPages) {
    }

    record EndpointPage(List<EndpointView> endpoints, int page, int size, long totalElements, int totalPages) {
    }

    @Operation(operationId = "listModels", summary = "List models (every version), newest first, a page at a time")
    @ApiResponse(responseCode = "200", description = "A page of models", useReturnTypeSchema = true)
    @GetMapping("/models")
    ModelPage models(@RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                     @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        Page<RegisteredModel> found = endpoints.models(page, size);
        return new ModelPage(found.stream().map(EndpointController::view).toList(), page, size,
                found.getTotalElements(), found.getTotalPages());
    }

    @Operation(operationId = "getModel", summary = "Show a model and all versions of its display name")
    @ApiResponse(responseCode = "404", description = "No such model")
    @ApiResponse(responseCode = "200", description = "The model and its versions", useReturnTypeSchema = true)
    @GetMapping("/models/{id}")
    ModelDetail model(@PathVariable String id) {
        RegisteredModel model = endpoints.model(id);
        return new ModelDetail(view(model), endpoints.versions(model).stream().map(EndpointController::view).toList());
    }

    @Operation(operationId = "listEndpoints",
            summary = "List endpoints with their deployed models and traffic split, newest first, a page at a time")
    @ApiResponse(responseCode = "200", description = "A page of endpoints", useReturnTypeSchema = true)
    @GetMapping("/endpoints")
    EndpointPage list(@RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                      @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        LocalEndpoints.EndpointListing listing = endpoints.endpoints(page, size);
        Page<Endpoint> found = listing.endpoints();
        return new EndpointPage(found.stream().map(e -> view(e, listing)).toList(), page, size,
                found.getTotalElements(), found.getTotalPages());
    }

    @Operation(operationId = "getEndpoint", summary = "Show an endpoint")
    @ApiResponse(responseCode = "404", description = "No such endpoint")
    @ApiResponse(responseCode = "200", description = "The endpoint", useReturnTypeSchema = true)
    @GetMapping("/endpoints/{id}")
    EndpointView get(@PathVariable String id) {
        Endpoint endpoint = endpoints.endpoint(null, null, id);
        return view(endpoint, endpoints.listing(endpoint));
    }

    @Operation(operationId = "setTrafficSplit",
            summary = "Change the traffic split", description = "Name every deployed model; percentages sum to 100.")
    @ApiResponse(responseCode = "400", description = "Split does not name the deployed models or does not sum to 100")
    @ApiResponse(responseCode = "200", description = "The endpoint with its new split", useReturnTypeSchema = true)
    @PutMapping("/endpoints/{id}/trafficSplit")
    EndpointView setSplit(@PathVariable String id, @Valid @RequestBody TrafficSplitRequest request) {
        endpoints.setTrafficSplit(endpoints.endpoint(null, null, id).id(), request.trafficSplit());
        return get(id);
    }

    @Operation(operationId = "undeployModel",
            summary = "Undeploy a model", description = "The other models share its traffic in proportion.")
    @ApiResponse(responseCode = "200", description = "The endpoint without the model", useReturnTypeSchema = true)
    @PostMapping("/endpoints/{id}:undeployModel")
    EndpointView undeploy(@PathVariable String id, @Valid @RequestBody UndeployRequest request) {
        endpoints.undeploy(endpoints.endpoint(null, null, id).id(), request.deployedModelId());
        return get(id);
    }

    @Operation(operationId = "deleteEndpoint",
            summary = "Delete an endpoint", description = "Only once no model is deployed to it (409 otherwise).")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "Models are still deployed")
    @DeleteMapping("/endpoints/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        endpoints.deleteEndpoint(endpoints.endpoint(null, null, id).id());
        return ResponseEntity.noContent().build();
    }

    private static EndpointView view(Endpoint endpoint, LocalEndpoints.EndpointListing listing) {
        Map<String, Integer> split = new LinkedHashMap<>();
        List<DeployedModelView> deployed = listing.deployed().get(endpoint.id()).stream().map(d -> {
            split.put(d.id(), d.trafficPercentage());
            RegisteredModel m = listing.models().get(d.modelId());
            return new DeployedModelView(d.id(), m.resourceName(), m.displayName(), Integer.toString(m.versionId()),
                    d.trafficPercentage(), d.machineType(), d.minReplicaCount(), d.maxReplicaCount(), d.createTime(),
                    d.alias());
        }).toList();
        return new EndpointView(endpoint.id(), endpoint.resourceName(), endpoint.displayName(), endpoint.createTime(),
                deployed, split, "/v1/" + endpoint.resourceName() + ":predict", endpoint.createdByKey());
    }

    private static ModelView view(RegisteredModel m) {
        return new ModelView(m.id(), m.resourceName(), m.displayName(), Integer.toString(m.versionId()),
                m.artifactUri(), m.servingImage(), m.runId() == null ? null : m.runId().toString(), m.createTime());
    }
}
