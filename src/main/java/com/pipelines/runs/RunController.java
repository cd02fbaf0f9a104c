package com.pipelines.runs;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.pipelines.idempotency.IdempotentRequests;
import com.pipelines.idempotency.IdempotentResource;
import com.pipelines.idempotency.IdempotentResponse;
import com.pipelines.runs.RunQueries.Tagged;
import com.pipelines.runs.RunViews.ArtifactList;
import com.pipelines.runs.RunViews.CancelResult;
import com.pipelines.runs.RunViews.RetryResult;
import com.pipelines.runs.RunViews.LogPage;
import com.pipelines.runs.RunViews.MetricsView;
import com.pipelines.runs.RunViews.RunView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.databind.json.JsonMapper;

@Tag(name = "Runs", description = "Start pipeline runs, follow them, read their metrics, artifacts and logs")
@RestController
@RequestMapping(path = "/api/v1/runs", produces = MediaType.APPLICATION_JSON_VALUE)
@ApiResponse(responseCode = "400", description = "Invalid request; 'errors' names each field at fault",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
class RunController {

    static final int MAX_LOG_LINES = 1000;

    private final RunService service;
    private final RunQueries queries;

    private final IdempotentRequests idempotent;
    private final JsonMapper json;
    private final RunViewCache views;

    private final RunEditing editing;

    RunController(RunService service, RunQueries queries, IdempotentRequests idempotent, JsonMapper json,
                  RunViewCache views, RunEditing editing) {
        this.editing = editing;
        this.views = views;
        this.service = service;
        this.queries = queries;
        this.idempotent = idempotent;
        this.json = json;
    }

    @Operation(operationId = "createRun",
            summary = "Start a run", description = "Validates the parameters, queues the run and answers at once; "
            + "poll the Location to follow it.")
    @ApiResponse(responseCode = "202", description = "Run queued (or, for a repeated Idempotency-Key, the original "
            + "response again)", content = @Content(schema = @Schema(implementation = RunView.class)))
    @ApiResponse(responseCode = "404", description = "Unknown pipeline")
    @ApiResponse(responseCode = "409", description = "jobId already used, or a request with the same "
            + "Idempotency-Key is still in progress")
    @ApiResponse(responseCode = "422", description = "Idempotency-Key already used with a different body")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> create(@Valid @RequestBody CreateRunCommand command,
                             @Parameter(description = "Makes a retried submission safe: the same key and body "
                                     + "again answer with the original response and create nothing",
                                     example = "7c9e6679-7425-40de-944b-e07fc1f90ae7")
                             @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        if (key != null) {
            IdempotentResponse outcome = idempotent.submit(key, command, 202, new IdempotentResource() {
                public void create(UUID id) {
                    service.create(command, id);
                }

                public boolean exists(UUID id) {
                    return queries.exists(id);
                }

                public String render(UUID id) {
                    return json.writeValueAsString(queries.run(id).run());
                }
            });
            return ResponseEntity.status(outcome.status())
                    .location(URI.create("/api/v1/runs/" + outcome.resourceId()))
                    .contentType(MediaType.APPLICATION_JSON).header("Idempotent-Replayed", outcome.replayed() + "")
                    .body(outcome.body().getBytes(StandardCharsets.UTF_8));
        }
        UUID id = service.create(command);
        Tagged run = queries.run(id);
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + id)).eTag(run.etag()).body(run.run());
    }

    @Operation(operationId = "getRun",
            summary = "Show a run", description = "Carries an ETag: send it back in If-None-Match and an unchanged "
            + "run costs a 304 without a body.")
    @ApiResponse(responseCode = "200", description = "The run, with an ETag",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunView.class)))
    @ApiResponse(responseCode = "304", description = "Unchanged since the ETag given")
    @ApiResponse(responseCode = "404", description = "No such run")
    @GetMapping("/{id}")
    ResponseEntity<byte[]> get(@PathVariable UUID id, WebRequest request) {
        String etag = queries.etag(id);
        if (request.checkNotModified(etag)) {
            return null;
        }
        byte[] body = views.json(id, etag, () -> queries.run(id));
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).eTag(etag)
                .contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @Operation(operationId = "listRunMetrics", summary = "Final metrics and per-epoch history of a run")
    @ApiResponse(responseCode = "200", description = "Final metrics and their history", useReturnTypeSchema = true)
    @GetMapping("/{id}/metrics")
    MetricsView metrics(@PathVariable UUID id) {
        return queries.metrics(id);
    }

    @Operation(operationId = "getRunDag", summary = "A run's DAG for drawing: tasks with their states, and edges",
            description = "Nodes are every task, sub-DAGs included (subDag true; their tasks name them as parent); "
                    + "an edge says what flows from one task to the next: an artifact, a parameter or only order.")
    @ApiResponse(responseCode = "200", description = "The DAG", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No such run")
    @GetMapping("/{id}/dag")
    RunViews.DagView dag(@PathVariable UUID id) {
        return queries.dag(id);
    }

    @Operation(operationId = "listRunArtifacts", summary = "Artifacts of a run")
    @ApiResponse(responseCode = "200", description = "The artifacts", useReturnTypeSchema = true)
    @GetMapping("/{id}/artifacts")
    ArtifactList artifacts(@PathVariable UUID id) {
        return new ArtifactList(queries.artifacts(id));
    }

    @Operation(operationId = "listRunLogs", summary = "Log lines of a run's steps, in order",
            description = "Pages by cursor: pass the previous page's nextAfter as 'after'.")
    @ApiResponse(responseCode = "200", description = "A page of log lines", useReturnTypeSchema = true)
    @GetMapping("/{id}/logs")
    LogPage logs(@PathVariable UUID id,
                 @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9_.\\[\\]-]{1,128}") String task,
                 @RequestParam(defaultValue = "0") @Min(0) long after,
                 @RequestParam(defaultValue = "200") @Min(1) @Max(MAX_LOG_LINES) int limit,
                 @Parameter(description = "true: the lines as Server-Sent Events (text/event-stream) as they are "
                         + "written — 'log' events, then one 'end' when the run has finished")
                 @RequestParam(defaultValue = "false") boolean follow) {
        return queries.logs(id, Optional.ofNullable(task), after, limit);
    }

    @Schema(description = "What may change on a run after it started; fields left out stay as they are")
    record PatchRunRequest(@Schema(description = "Replaces all labels (Vertex's rules)") Map<String, String> labels,
                           @jakarta.validation.constraints.Size(min = 1, max = 128)
                           @jakarta.validation.constraints.Pattern(regexp = "[^\\p{Cntrl}]*",
                                   message = "must not contain control characters") String displayName) {
    }

    @Operation(operationId = "patchRun", summary = "Change a run's labels or display name")
    @ApiResponse(responseCode = "200", description = "The run as it is now",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunView.class)))
    @org.springframework.web.bind.annotation.PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> patch(@PathVariable UUID id, @Valid @RequestBody PatchRunRequest request,
                                 WebRequest web) {
        editing.edit(id, request);
        return get(id, web);
    }

    @Operation(operationId = "archiveRun", summary = "Archive a run: it leaves the default run list (archived=true "
            + "or archived=any finds it) and keeps everything")
    @ApiResponse(responseCode = "200", description = "The run, archived",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunView.class)))
    @PostMapping("/{id}:archive")
    ResponseEntity<byte[]> archive(@PathVariable UUID id, WebRequest web) {
        editing.archive(id, true);
        return get(id, web);
    }

    @Operation(operationId = "unarchiveRun", summary = "Bring an archived run back to the default run list")
    @ApiResponse(responseCode = "200", description = "The run, back in the default list",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunView.class)))
    @PostMapping("/{id}:unarchive")
    ResponseEntity<byte[]> unarchive(@PathVariable UUID id, WebRequest web) {
        editing.archive(id, false);
        return get(id, web);
    }

    @Operation(operationId = "cancelRun",
            summary = "Cancel a run", description = "QUEUED or PENDING: CANCELLED at once. RUNNING: CANCELLING "
            + "until the step stops at its next safe point, then CANCELLED.")
    @ApiResponse(responseCode = "202", description = "Cancelled, or cancelling")
    @ApiResponse(responseCode = "409", description = "The run has already finished")
    @PostMapping("/{id}:cancel")
    ResponseEntity<CancelResult> cancel(@PathVariable UUID id) {
        return ResponseEntity.accepted().body(new CancelResult(id, service.cancel(id)));
    }

    @Operation(operationId = "retryRun", summary = "Retry a failed or cancelled run from the step that did not succeed",
            description = "The run goes back to QUEUED under the same id; the steps that succeeded are not run "
                    + "again and their outputs (model, metrics) are reused. Each re-executed step gets "
                    + "pipelines.max-attempts fresh attempts; its attempt numbers continue.")
    @ApiResponse(responseCode = "202", description = "Queued again", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = RetryResult.class),
            examples = @ExampleObject(value = "{\"id\": \"3f2b…\", \"state\": \"QUEUED\", \"fromTask\": \"deploy-model\"}")))
    @ApiResponse(responseCode = "409", description = "The run is not FAILED or CANCELLED")
    @PostMapping("/{id}:retry")
    ResponseEntity<RetryResult> retry(@PathVariable UUID id) {
        String from = service.retry(id);
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + id))
                .body(new RetryResult(id, RunState.QUEUED, from));
    }
}
