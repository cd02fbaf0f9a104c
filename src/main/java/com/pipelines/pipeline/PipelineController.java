package com.pipelines.pipeline;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Pipelines", description = "The pipelines this service runs, their steps and parameters")
@RestController
@RequestMapping("/api/v1/pipelines")
class PipelineController {

    private final PipelineCatalog catalog;

    PipelineController(PipelineCatalog catalog) {
        this.catalog = catalog;
    }

    @Operation(summary = "List pipelines")
    @GetMapping
    PipelineList list() {
        return new PipelineList(catalog.pipelines().stream().map(this::view).toList());
    }

    @Operation(summary = "Show a pipeline: its steps and every parameter with type, default, range and allowed values")
    @ApiResponse(responseCode = "404", description = "No such pipeline")
    @GetMapping("/{name}")
    PipelineView get(@PathVariable String name) {
        return view(catalog.pipeline(name));
    }

    private PipelineView view(PipelineDefinition pipeline) {
        List<StepView> steps = pipeline.steps().stream().map(name -> {
            int index = pipeline.steps().indexOf(name);
            List<String> dependsOn = index == 0 ? List.of() : List.of(pipeline.steps().get(index - 1));
            return catalog.step(name)
                    .map(step -> new StepView(name, step.description(), true, dependsOn, step.inputs(), step.outputs()))
                    .orElseGet(() -> new StepView(name, "", false, dependsOn, List.of(), List.of()));
        }).toList();
        return new PipelineView(pipeline.name(), pipeline.description(), steps, pipeline.parameters());
    }

    record PipelineList(List<PipelineView> pipelines) {
    }

    @Schema(description = "A pipeline with its steps and declared parameters")
    record PipelineView(@Schema(example = "simple-mnist-pipeline") String name, String description,
                        List<StepView> steps, List<ParameterSpec> parameters) {
    }

    @Schema(description = "A step; available is false when this build has no implementation of it")
    record StepView(@Schema(example = "load-data-and-training") String name, String description, boolean available,
                    List<String> dependsOn, List<ArtifactSpec> inputs, List<ArtifactSpec> outputs) {
    }
}
