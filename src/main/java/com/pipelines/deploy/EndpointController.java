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

    EndpointController(LocalEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    record ModelView(String id, String name, String displayName, String versionId, String artifactUri,
                     String servingImage, String runId, Instant createTime) {
    }

    record ModelDetail(ModelView model, List<ModelView> versions) {
    }

    record DeployedModelView(String id, String model, String modelDisplayName, String modelVersionId,
                             int trafficPercentage, String machineType, int minReplicaCount, int maxReplicaCount,
                             Instant createTime) {
    }

    record EndpointView(String id, String name, String displayName, Instant createTime,
                        List<DeployedModelView> deployedModels,
                        @Schema(example = "{\"4415104335476785152\": 80, \"2202207434394222592\": 20}")
                        Map<String, Integer> trafficSplit, String predictPath) {
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
                    d.trafficPercentage(), d.machineType(), d.minReplicaCount(), d.maxReplicaCount(), d.createTime());
        }).toList();
        return new EndpointView(endpoint.id(), endpoint.resourceName(), endpoint.displayName(), endpoint.createTime(),
                deployed, split, "/v1/" + endpoint.resourceName() + ":predict");
    }

    private static ModelView view(RegisteredModel m) {
        return new ModelView(m.id(), m.resourceName(), m.displayName(), Integer.toString(m.versionId()),
                m.artifactUri(), m.servingImage(), m.runId() == null ? null : m.runId().toString(), m.createTime());
    }
}
