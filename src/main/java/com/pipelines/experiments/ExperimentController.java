package com.pipelines.experiments;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Page;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Experiments: groups of runs by purpose; a run's experiment is set when it starts ({@code experiment}). */
@RestController
@Validated
@RequestMapping("/api/v1/experiments")
@Tag(name = "Experiments", description = "Group runs by purpose; compare their parameters and metrics")
class ExperimentController {

    static final String NAME = "[A-Za-z0-9][A-Za-z0-9 ._-]{0,127}";

    private final Experiments experiments;

    ExperimentController(Experiments experiments) {
        this.experiments = experiments;
    }

    record CreateExperimentRequest(@NotNull @Pattern(regexp = NAME, message = "1-128 letters, digits, ' ', '.', '_' "
                                           + "and '-', starting with a letter or digit") String name,
                                   @Size(max = 1024) String description, Map<String, String> labels) {
    }

    record PatchExperimentRequest(@Size(max = 1024) String description, Map<String, String> labels) {
    }

    @Schema(description = "An experiment; its runs are GET /api/v1/runs?experiment=<name>")
    record ExperimentView(String name, String description, Map<String, String> labels, boolean archived,
                          String createdBy, Instant createTime) {
    }

    record ExperimentPage(List<ExperimentView> experiments, int page, int size, long totalElements,
                          int totalPages) {
    }

    @Operation(operationId = "createExperiment", summary = "Create an experiment (name unique)")
    @ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", description = "The name is taken")
    @PostMapping
    ResponseEntity<ExperimentView> create(@Valid @RequestBody CreateExperimentRequest request) {
        ExperimentView created = experiments.create(request);
        return ResponseEntity.created(URI.create("/api/v1/experiments/" + created.name().replace(" ", "%20")))
                .body(created);
    }

    @Operation(operationId = "listExperiments", summary = "Experiments, newest first; archived ones with archived=true")
    @GetMapping
    ExperimentPage list(@RequestParam(defaultValue = "false") boolean archived,
                        @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                        @RequestParam(defaultValue = "50") @Min(1) @Max(100) int size) {
        Page<ExperimentView> found = experiments.list(archived, page, size);
        return new ExperimentPage(found.getContent(), page, size, found.getTotalElements(), found.getTotalPages());
    }

    @Operation(operationId = "getExperiment", summary = "An experiment")
    @GetMapping("/{name}")
    ExperimentView get(@PathVariable String name) {
        return experiments.get(name);
    }

    @Operation(operationId = "patchExperiment", summary = "Change an experiment's description or labels")
    @PatchMapping("/{name}")
    ExperimentView patch(@PathVariable String name, @Valid @RequestBody PatchExperimentRequest request) {
        return experiments.patch(name, request);
    }

    @Operation(operationId = "archiveExperiment", summary = "Archive an experiment and its runs (they leave the "
            + "default lists; new runs may not join it)")
    @PostMapping("/{name}:archive")
    ExperimentView archive(@PathVariable String name) {
        return experiments.archive(name, true);
    }

    @Operation(operationId = "unarchiveExperiment", summary = "Unarchive an experiment (its runs stay archived until "
            + "unarchived one by one, as KFP)")
    @PostMapping("/{name}:unarchive")
    ExperimentView unarchive(@PathVariable String name) {
        return experiments.archive(name, false);
    }
}
