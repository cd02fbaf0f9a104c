package com.pipelines.deploy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The model registry: upload a SavedModel, show a version with its lineage, aliases, labels, delete. */
@Tag(name = "Model registry", description = "Model versions, aliases (champion, default...), lineage, upload")
@RestController
@RequestMapping("/api/v1")
class ModelRegistryController {

    private final ModelRegistry registry;
    private final ModelVersions versions;

    ModelRegistryController(ModelRegistry registry, ModelVersions versions) {
        this.registry = registry;
        this.versions = versions;
    }

    @Schema(description = "Vertex AI's UploadModelRequest: the model to register")
    record UploadModelRequest(@NotNull @Valid UploadedModel model, String project, String region) {
    }

    @Schema(description = "A SavedModel trained elsewhere")
    record UploadedModel(@NotBlank @Size(max = 128) String displayName,
                         @NotBlank @Size(max = 2048) @Schema(example = "s3://models/fraud/v3/") String artifactUri,
                         @Size(max = 1024) String description, Map<String, String> labels,
                         ContainerSpec containerSpec) {
    }

    record ContainerSpec(@Size(max = 256) String imageUri) {
    }

    record AliasRequest(@NotBlank @Size(max = 63) String alias) {
    }

    @Schema(description = "Vertex's mergeVersionAliases: aliases to add, '-alias' to remove")
    record MergeAliasesRequest(@NotNull @Size(max = 20) List<@NotBlank @Size(max = 64) String> versionAliases) {
    }

    record PatchVersionRequest(@Size(max = 1024) String description, Map<String, String> labels) {
    }

    @Schema(description = "A model version: aliases, labels, lineage (run, task, dataset, parameters, the training "
            + "run's evaluation), later evaluations by evaluate-model runs (latest first), deployments")
    record ModelVersionView(String id, String name, String displayName, String versionId, List<String> versionAliases,
                            String description, Map<String, String> labels, String artifactUri, String servingImage,
                            Instant createTime, Map<String, Object> lineage, List<EvaluationView> evaluations,
                            List<Deployment> deployments) {
    }

    @Schema(description = "An evaluate-model run's measure of this version on a dataset's test split")
    record EvaluationView(java.util.UUID runId, String task, String dataset, int examples, double accuracy,
                          double logLoss, Instant createTime) {
    }

    record Deployment(String endpoint, String deployedModelId, String followsAlias, int trafficPercentage) {
    }

    @Operation(operationId = "uploadModel", summary = "Register a SavedModel trained elsewhere (folder, s3://, gs://); "
            + "its serving signature is loaded and checked")
    @ApiResponse(responseCode = "201", description = "The new version (the next of its display name)",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "Unreadable, not a SavedModel, or a signature this service "
            + "cannot serve")
    @PostMapping("/models:upload")
    ResponseEntity<ModelVersionView> upload(@Valid @RequestBody UploadModelRequest request) {
        ModelVersionView view = versions.upload(request);
        return ResponseEntity.created(URI.create("/api/v1/models/" + view.id() + "/versions/" + view.versionId()))
                .body(view);
    }

    @Operation(operationId = "getModelVersion", summary = "One version of a model (model = any version's id, or the "
            + "display name)")
    @ApiResponse(responseCode = "200", description = "The version", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No such model or version")
    @GetMapping("/models/{model}/versions/{version}")
    ModelVersionView version(@PathVariable String model, @PathVariable String version) {
        return versions.view(versions.find(model, version));
    }

    @Operation(operationId = "addVersionAlias", summary = "Point an alias at this version (moving it atomically; "
            + "deployments following it swap to this version)")
    @ApiResponse(responseCode = "200", description = "The version", useReturnTypeSchema = true)
    @PostMapping("/models/{model}/versions/{version}:addAlias")
    ModelVersionView addAlias(@PathVariable String model, @PathVariable String version,
                              @Valid @RequestBody AliasRequest request) {
        RegisteredModel found = versions.find(model, version);
        registry.addAlias(found, request.alias());
        return versions.view(found);
    }

    @Operation(operationId = "removeVersionAlias", summary = "Remove an alias from this version (409 while "
            + "deployments follow it)")
    @ApiResponse(responseCode = "200", description = "The version", useReturnTypeSchema = true)
    @PostMapping("/models/{model}/versions/{version}:removeAlias")
    ModelVersionView removeAlias(@PathVariable String model, @PathVariable String version,
                                 @Valid @RequestBody AliasRequest request) {
        RegisteredModel found = versions.find(model, version);
        registry.removeAlias(found, request.alias());
        return versions.view(found);
    }

    @Operation(operationId = "mergeVersionAliases", summary = "Vertex's mergeVersionAliases: add aliases, remove "
            + "those written '-alias'")
    @ApiResponse(responseCode = "200", description = "The version", useReturnTypeSchema = true)
    @PostMapping("/models/{model}/versions/{version}:mergeVersionAliases")
    ModelVersionView merge(@PathVariable String model, @PathVariable String version,
                           @Valid @RequestBody MergeAliasesRequest request) {
        RegisteredModel found = versions.find(model, version);
        versions.merge(found, request.versionAliases());
        return versions.view(found);
    }

    @Operation(operationId = "updateModelVersion", summary = "Edit a version's description and labels")
    @ApiResponse(responseCode = "200", description = "The version", useReturnTypeSchema = true)
    @PatchMapping("/models/{model}/versions/{version}")
    ModelVersionView patch(@PathVariable String model, @PathVariable String version,
                           @Valid @RequestBody PatchVersionRequest request) {
        RegisteredModel found = versions.find(model, version);
        versions.patch(found, request);
        return versions.view(found);
    }

    @Operation(operationId = "deleteModelVersion", summary = "Delete a version that is neither deployed nor aliased")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "Deployed, or named by an alias")
    @DeleteMapping("/models/{model}/versions/{version}")
    ResponseEntity<Void> delete(@PathVariable String model, @PathVariable String version) {
        registry.delete(versions.find(model, version));
        return ResponseEntity.noContent().build();
    }
}
