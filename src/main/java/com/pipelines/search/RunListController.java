package com.pipelines.search;

import java.time.Instant;

import com.pipelines.runs.RunState;
import com.pipelines.search.RunListing.RunFilter;
import com.pipelines.search.RunListViews.RunPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Runs")
@RestController
@RequestMapping(path = "/api/v1/runs", produces = MediaType.APPLICATION_JSON_VALUE)
@ApiResponse(responseCode = "400", description = "Invalid request; 'errors' names each field at fault",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
class RunListController {

    static final int MAX_PAGE_SIZE = 100;

    private final RunListing listing;

    RunListController(RunListing listing) {
        this.listing = listing;
    }

    @Operation(operationId = "listRuns", summary = "List runs", description = "Newest first; filters combine with AND.")
    @ApiResponse(responseCode = "200", description = "A page of runs", useReturnTypeSchema = true)
    @GetMapping
    RunPage list(@RequestParam(required = false) RunState state,
                 @RequestParam(required = false) @Size(max = 128) String pipelineName,
                 @Parameter(description = "Part of the display name, any case")
                 @RequestParam(required = false) @Size(max = 128) String displayName,
                 @Parameter(example = "2026-11-25T00:00:00Z")
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant createdAfter,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant createdBefore,
                 @Parameter(description = "Conditions on metrics, parameters and run fields, AIP-160 style: "
                         + "=, !=, <, <=, >, >=, : (contains), AND, OR, NOT, parentheses",
                         example = "metrics.acc > 97 AND params.modelType = \"cnn\" AND labels.team = \"vision\"")
                 @RequestParam(required = false) @Size(max = 2000) String filter,
                 @Parameter(description = "A field and asc or desc: metrics.<key>, params.<name>, createTime, "
                         + "startTime, endTime, displayName, state", example = "metrics.acc desc")
                 @RequestParam(required = false) @Size(max = 200) String orderBy,
                 @Parameter(description = "Only the runs of this experiment")
                 @RequestParam(required = false) @Size(max = 128) String experiment,
                 @Parameter(description = "false: runs not archived (the default list); true: archived runs; any: both")
                 @RequestParam(defaultValue = "false") @jakarta.validation.constraints.Pattern(regexp = "true|false|any")
                 String archived,
                 @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                 @RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        return listing.list(new RunFilter(state, pipelineName, displayName, createdAfter, createdBefore, experiment,
                "any".equals(archived) ? null : Boolean.valueOf(archived)), filter, orderBy, page, size);
    }
}
