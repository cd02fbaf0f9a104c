package com.pipelines.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Our components: the steps this build runs in-process, each as the component YAML a user loads with
 * {@code kfp.components.load_component_from_file} to write pipelines of them in Python.
 */
@Tag(name = "Components", description = "The built-in components, as KFP component YAML")
@RestController
@RequestMapping("/api/v1/components")
class ComponentController {

    private final PipelineCatalog catalog;
    private final PipelineSpecCompiler compiler;

    ComponentController(PipelineCatalog catalog, PipelineSpecCompiler compiler) {
        this.catalog = catalog;
        this.compiler = compiler;
    }

    @Schema(description = "A built-in component: its command in this service's image and its inputs and outputs")
    record ComponentView(@Schema(example = "load-data-and-training") String name, String description,
                         @Schema(example = "train") String command, List<String> parameters,
                         List<ArtifactSpec> inputs, List<ArtifactSpec> outputs,
                         @Schema(example = "/api/v1/components/load-data-and-training") String yaml) {
    }

    record ComponentList(List<ComponentView> components) {
    }

    @Operation(operationId = "listComponents", summary = "List the built-in components")
    @ApiResponse(responseCode = "200", description = "The components", useReturnTypeSchema = true)
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ComponentList list() {
        List<ComponentView> components = new ArrayList<>();
        for (PipelineStep step : catalog.steps()) {
            List<String> parameters = catalog.contract(step).parameters().keySet().stream().toList();
            components.add(new ComponentView(step.name(), step.description(), step.command(), parameters,
                    step.inputs(), step.outputs(), "/api/v1/components/" + step.name()));
        }
        components.sort(java.util.Comparator.comparing(ComponentView::name));
        return new ComponentList(components);
    }

    @Operation(operationId = "getComponent", summary = "A built-in component as KFP v2 component YAML")
    @ApiResponse(responseCode = "200", description = "The component YAML", content = @Content(
            mediaType = ComponentYaml.MEDIA_TYPE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "No such component")
    @GetMapping(value = "/{name}", produces = ComponentYaml.MEDIA_TYPE)
    ResponseEntity<String> get(@PathVariable String name) {
        PipelineStep step = catalog.step(name).orElseThrow(() -> PipelineException.componentNotFound(name));
        Map<String, Object> spec = catalog.owner(step).map(p -> compiler.componentSpec(p.name(), name))
                .orElseGet(() -> compiler.componentSpec(step));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(ComponentYaml.MEDIA_TYPE))
                .body(ComponentYaml.of(name, spec));
    }
}
