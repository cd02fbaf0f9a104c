package com.pipelines.runs;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/runs:compare} — Vertex-style custom method, outside the {@code /runs/{id}} tree. */
@Tag(name = "Runs")
@RestController
class RunComparisonController {

    private final RunComparison comparison;

    RunComparisonController(RunComparison comparison) {
        this.comparison = comparison;
    }

    @Operation(operationId = "compareRuns",
            summary = "Compare runs", description = "2 to 20 runs side by side: every parameter with the differing "
            + "ones marked, final metrics, and per-epoch curves (loss, acc) for overlaid charts.")
    @ApiResponse(responseCode = "200", description = "The comparison", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = RunComparison.Comparison.class),
            examples = @ExampleObject(
            value = """
                    {"runs": [{"id": "6c1e…", "displayName": "linear", "pipelineName": "simple-mnist-pipeline",
                      "state": "SUCCEEDED"}, {"id": "9a4f…", "displayName": "cnn", "pipelineName":
                      "simple-mnist-pipeline", "state": "SUCCEEDED"}],
                     "parameters": [{"name": "modelType", "values": ["linear", "cnn"], "differs": true},
                                    {"name": "epochs", "values": [3, 3], "differs": false}],
                     "metrics": [{"name": "acc", "values": [86.9, 90.6], "differs": true}],
                     "history": {"loss": {"6c1e…": [{"step": 1, "value": 0.50}], "9a4f…": [{"step": 1,
                      "value": 0.41}]}}}""")))
    @ApiResponse(responseCode = "400", description = "Fewer than 2 or more than 20 ids, or a malformed id")
    @ApiResponse(responseCode = "404", description = "One of the runs does not exist")
    @GetMapping(path = "/api/v1/runs:compare", produces = MediaType.APPLICATION_JSON_VALUE)
    RunComparison.Comparison compare(@Parameter(description = "Comma-separated run ids", example = "6c1e…,9a4f…")
                                     @RequestParam @Size(min = 2, max = 20) List<UUID> ids) {
        return comparison.compare(ids);
    }

}
