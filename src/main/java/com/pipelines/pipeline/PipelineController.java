package com.pipelines.pipeline;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Pipelines", description = "The pipelines this service runs, their steps and parameters")
@RestController
@RequestMapping("/api/v1/pipelines")
class PipelineController {

    private final PipelineCatalog catalog;
    private final PipelineSpecCompiler compiler;
    /** Uploaded pipelines; absent where only the built-ins are wired (a web slice). */
    private final ObjectProvider<PipelineVersions> versions;

    PipelineController(PipelineCatalog catalog, PipelineSpecCompiler compiler,
                       ObjectProvider<PipelineVersions> versions) {
        this.catalog = catalog;
        this.compiler = compiler;
        this.versions = versions;
    }

    private PipelineVersions uploads(String name) {
        PipelineVersions uploads = versions.getIfAvailable();
        if (uploads == null) {
            throw PipelineException.notFound(name);
        }
        return uploads;
    }

    @Operation(operationId = "getPipelineSpec", summary = "The pipeline as KFP v2 IR (PipelineSpec JSON, schema 2.1.0)",
            description = "What kfp.compiler.Compiler().compile would write for this pipeline: components, "
                    + "executors running this service's image in command-line mode, the root DAG and its input "
                    + "parameters. Submit it to Kubeflow Pipelines or Vertex AI Pipelines as it is.")
    @ApiResponse(responseCode = "404", description = "No such pipeline")
    @ApiResponse(responseCode = "200", description = "The PipelineSpec", useReturnTypeSchema = true)
    @GetMapping(value = "/{name}/spec", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> spec(@PathVariable String name) {
        return catalog.has(name) ? compiler.pipelineSpec(name) : uploads(name).spec(name, null);
    }

    @Operation(operationId = "getPipelineComponent",
            summary = "One task as a KFP v2 component YAML (the seed's output_component_file)")
    @ApiResponse(responseCode = "200", description = "The component YAML", content = @Content(
            mediaType = "application/yaml", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "No such pipeline or task")
    @GetMapping(value = "/{name}/components/{task}", produces = "application/yaml")
    ResponseEntity<String> component(@PathVariable String name, @PathVariable String task) {
        String yaml = ComponentYaml.of(task, compiler.componentSpec(name, task));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(ComponentYaml.MEDIA_TYPE)).body(yaml);
    }

    @Operation(operationId = "listPipelines", summary = "List pipelines")
    @ApiResponse(responseCode = "200", description = "The pipelines", useReturnTypeSchema = true)
    @GetMapping
    PipelineList list() {
        List<PipelineView> all = new java.util.ArrayList<>(catalog.pipelines().stream().map(this::view).toList());
        PipelineVersions uploads = versions.getIfAvailable();
        if (uploads != null) {
            uploads.builtInDocumentNames().forEach(name -> all.add(uploaded(name)));
            uploads.uploadedNames().forEach(name -> all.add(uploaded(name)));
        }
        return new PipelineList(all);
    }

    @Operation(operationId = "getPipeline",
            summary = "Show a pipeline: its steps and every parameter with type, default, range and allowed values")
    @ApiResponse(responseCode = "404", description = "No such pipeline")
    @ApiResponse(responseCode = "200", description = "The pipeline", useReturnTypeSchema = true)
    @GetMapping("/{name}")
    PipelineView get(@PathVariable String name) {
        return catalog.has(name) ? view(catalog.pipeline(name)) : uploaded(name);
    }

    /** A pipeline given as a document (uploaded, or shipped in the jar) as its latest version shows it. */
    private PipelineView uploaded(String name) {
        PipelineVersions uploads = uploads(name);
        PipelineSelection latest = uploads.select(name, null);
        List<StepView> steps = latest.graph().tasks().stream().map(task -> new StepView(task.name(),
                task.step() != null ? catalog.step(task.step()).map(PipelineStep::description).orElse("")
                        : task.dag() ? "sub-DAG" : "container task", task.step() != null || task.dag(),
                task.dependsOn(), List.of(), List.of(), task.parent(), task.step())).toList();
        return new PipelineView(name, latest.graph().description(), steps, latest.graph().inputs(),
                uploads.isBuiltIn(name), latest.version());
    }

    private PipelineView view(PipelineDefinition pipeline) {
        List<StepView> steps = pipeline.steps().stream().map(name -> {
            int index = pipeline.steps().indexOf(name);
            List<String> dependsOn = index == 0 ? List.of() : List.of(pipeline.steps().get(index - 1));
            return catalog.step(name)
                    .map(step -> new StepView(name, step.description(), true, dependsOn, step.inputs(), step.outputs(),
                            null, name))
                    .orElseGet(() -> new StepView(name, "", false, dependsOn, List.of(), List.of(), null, null));
        }).toList();
        return new PipelineView(pipeline.name(), pipeline.description(), steps, pipeline.parameters(), true, 1);
    }

    record PipelineList(List<PipelineView> pipelines) {
    }

    @Schema(description = "A pipeline with its steps and declared parameters")
    record PipelineView(@Schema(example = "simple-mnist-pipeline") String name, String description,
                        List<StepView> steps, List<ParameterSpec> parameters,
                        @Schema(description = "Built into the service (read-only) rather than uploaded") boolean builtIn,
                        @Schema(description = "The latest version", example = "1") int latestVersion) {
    }

    @Schema(description = "A task; available is false when this service cannot run it in-process")
    record StepView(@Schema(example = "load-data-and-training") String name, String description, boolean available,
                    List<String> dependsOn, List<ArtifactSpec> inputs, List<ArtifactSpec> outputs,
                    @Schema(description = "The sub-DAG task it belongs to; absent at the root") String parent,
                    @Schema(description = "The built-in component that runs it", example = "load-data-and-training")
                    String component) {
    }
}
