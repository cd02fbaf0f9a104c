package com.pipelines.pipeline;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Uploaded pipelines: KFP PipelineSpec documents, versioned and immutable. */
@Tag(name = "Pipelines", description = "The pipelines this service runs, their steps and parameters")
@RestController
@RequestMapping("/api/v1/pipelines")
class PipelineVersionController {

    private static final String YAML = "application/yaml";
    private static final String X_YAML = "application/x-yaml";
    private static final String TEXT_YAML = "text/yaml";

    private final PipelineVersions versions;

    PipelineVersionController(PipelineVersions versions) {
        this.versions = versions;
    }

    record VersionList(List<PipelineVersionView> versions) {
    }

    @Operation(operationId = "uploadPipeline", summary = "Upload a pipeline: a KFP v2 PipelineSpec (JSON or YAML, as "
            + "kfp.compiler.Compiler().compile writes it) becomes version 1",
            description = "Tasks of our components (containers running java -jar /opt/pipelines/app.jar <verb>) run "
                    + "in-process; any other container can only run with executor vertex-pipelines. What the engine "
                    + "cannot run (loops, exit handlers, importers, …) is refused with the JSON path in errors[].field.")
    @RequestBody(content = {@Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")),
            @Content(mediaType = YAML, schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "201", description = "Stored as version 1", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "Not a spec this service can run")
    @ApiResponse(responseCode = "409", description = "The name is taken (add a version instead) or built-in")
    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, YAML, X_YAML, TEXT_YAML},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PipelineVersionView> upload(
            @org.springframework.web.bind.annotation.RequestBody String body,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType type,
            @Parameter(description = "Pipeline name; default pipelineInfo.name") @RequestParam(required = false) String name,
            @RequestParam(required = false) String description) {
        Map<String, Object> spec = SpecDocuments.read(body, type);
        PipelineVersionView created = versions.uploadNew(name, spec, description);
        return created(created);
    }

    @Operation(operationId = "uploadPipelineVersion", summary = "Add a version to a pipeline")
    @RequestBody(content = {@Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")),
            @Content(mediaType = YAML, schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "201", description = "Stored as the next version", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "Not a spec this service can run")
    @ApiResponse(responseCode = "404", description = "No such pipeline")
    @ApiResponse(responseCode = "409", description = "A built-in pipeline")
    @PostMapping(value = "/{name}/versions", consumes = {MediaType.APPLICATION_JSON_VALUE, YAML, X_YAML, TEXT_YAML},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PipelineVersionView> addVersion(@PathVariable String name,
            @org.springframework.web.bind.annotation.RequestBody String body,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType type,
            @RequestParam(required = false) String description) {
        Map<String, Object> spec = SpecDocuments.read(body, type);
        return created(versions.uploadVersion(name, spec, description));
    }

    @Operation(operationId = "listPipelineVersions", summary = "List a pipeline's versions, newest first")
    @ApiResponse(responseCode = "200", description = "The versions", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No such pipeline")
    @GetMapping(value = "/{name}/versions", produces = MediaType.APPLICATION_JSON_VALUE)
    VersionList list(@PathVariable String name) {
        return new VersionList(versions.list(name));
    }

    @Operation(operationId = "getPipelineVersion", summary = "Show one version")
    @ApiResponse(responseCode = "200", description = "The version", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No such pipeline or version")
    @GetMapping(value = "/{name}/versions/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
    PipelineVersionView get(@PathVariable String name, @PathVariable int version) {
        return versions.get(name, version);
    }

    @Operation(operationId = "getPipelineVersionSpec", summary = "One version's PipelineSpec, as stored")
    @ApiResponse(responseCode = "200", description = "The PipelineSpec", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No such pipeline or version")
    @GetMapping(value = "/{name}/versions/{version}/spec", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> spec(@PathVariable String name, @PathVariable int version) {
        return versions.spec(name, version);
    }

    @Operation(operationId = "deletePipelineVersion", summary = "Delete a version no run has executed")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such pipeline or version")
    @ApiResponse(responseCode = "409", description = "Built-in, or runs executed it (it stays as their record)")
    @DeleteMapping("/{name}/versions/{version}")
    ResponseEntity<Void> delete(@PathVariable String name, @PathVariable int version) {
        versions.delete(name, version);
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<PipelineVersionView> created(PipelineVersionView view) {
        return ResponseEntity.created(URI.create("/api/v1/pipelines/" + view.pipelineName() + "/versions/"
                + view.version())).body(view);
    }
}
