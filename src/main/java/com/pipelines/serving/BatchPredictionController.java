package com.pipelines.serving;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Page;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Vertex AI's BatchPredictionJob: score whole files with a model version, durably, on the step workers. */
@Tag(name = "Batch prediction", description = "Score JSONL or CSV files with a model version (or name@alias)")
@RestController
@RequestMapping("/api/v1/batchPredictionJobs")
class BatchPredictionController {

    private final BatchJobs jobs;
    private final tools.jackson.databind.json.JsonMapper json;

    BatchPredictionController(BatchJobs jobs, tools.jackson.databind.json.JsonMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    @Schema(description = "Vertex AI's BatchPredictionJob request", example = """
            {"displayName": "nightly", "model": "mnist-model@champion",
             "inputConfig": {"instancesFormat": "jsonl", "gcsSource": {"uris": ["s3://data/instances.jsonl"]}},
             "outputConfig": {"predictionsFormat": "jsonl", "gcsDestination": {"outputUriPrefix": "s3://data/out/"}}}""")
    record CreateBatchPredictionJobRequest(@Size(max = 128) String displayName,
                                           @NotBlank @Size(max = 300) String model,
                                           @NotNull @Valid InputConfig inputConfig,
                                           @NotNull @Valid OutputConfig outputConfig,
                                           @Min(1) @Max(1_000_000) @Schema(description = "lines per output file "
                                                   + "(default 10,000); the unit of progress and of resumption")
                                           Integer chunkLines) {
    }

    record InputConfig(@NotBlank @Schema(description = "jsonl, csv, or dataset (a registered dataset version's "
                               + "split, given in datasetSource)") String instancesFormat,
                       @Valid Source gcsSource, @Valid DatasetSource datasetSource) {
    }

    @Schema(description = "A registered dataset version's split as the instances (its rows as :predict takes them)")
    record DatasetSource(@NotBlank @Size(max = 140) @Schema(example = "fashion-mnist@1") String dataset,
                         @Schema(description = "train, validation or test (default)") String split) {
    }

    record Source(@NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 2048) String> uris) {
    }

    record OutputConfig(@Schema(description = "jsonl") String predictionsFormat, @NotNull @Valid Destination gcsDestination) {
    }

    record Destination(@NotBlank @Size(max = 2048) String outputUriPrefix) {
    }

    @Schema(description = "A batch prediction job with its progress")
    record BatchPredictionJobView(String id, String displayName, String model, String modelReference,
                                  BatchJobState state, String instancesFormat, List<String> inputUris,
                                  String outputUriPrefix, long linesDone, Long totalLines, long errorLines,
                                  int chunksDone, String error, Instant createTime, Instant startTime,
                                  Instant endTime) {
    }

    record BatchPredictionJobPage(List<BatchPredictionJobView> batchPredictionJobs, int page, int size,
                                  long totalElements) {
    }

    @Operation(operationId = "createBatchPredictionJob", summary = "Start a batch prediction job")
    @ApiResponse(responseCode = "201", description = "Queued", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "A bad format, an input that is not JSONL, a uri outside the "
            + "allowed roots or missing")
    @ApiResponse(responseCode = "404", description = "No such model, version or alias")
    @PostMapping
    ResponseEntity<BatchPredictionJobView> create(@Valid @RequestBody CreateBatchPredictionJobRequest request) {
        BatchPredictionJob job = jobs.create(request);
        return ResponseEntity.created(URI.create("/api/v1/batchPredictionJobs/" + job.id())).body(view(job));
    }

    @Operation(operationId = "listBatchPredictionJobs", summary = "Batch prediction jobs, newest first")
    @ApiResponse(responseCode = "200", description = "A page of jobs", useReturnTypeSchema = true)
    @GetMapping
    BatchPredictionJobPage list(@RequestParam(required = false) BatchJobState state,
                                @RequestParam(required = false) String model,
                                @RequestParam(defaultValue = "0") @Min(0) int page,
                                @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        Page<BatchPredictionJob> found = jobs.list(state, model, page, size);
        return new BatchPredictionJobPage(found.stream().map(this::view).toList(), page, size,
                found.getTotalElements());
    }

    @Operation(operationId = "getBatchPredictionJob", summary = "One job with its progress")
    @ApiResponse(responseCode = "200", description = "The job", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No such job")
    @GetMapping("/{id}")
    BatchPredictionJobView get(@PathVariable UUID id) {
        return view(jobs.get(id));
    }

    @Operation(operationId = "cancelBatchPredictionJob", summary = "Cancel: a queued job at once, a running one "
            + "after its current chunk")
    @ApiResponse(responseCode = "200", description = "The job", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", description = "Finished already")
    @PostMapping("/{id}:cancel")
    BatchPredictionJobView cancel(@PathVariable UUID id) {
        return view(jobs.cancel(id));
    }

    private BatchPredictionJobView view(BatchPredictionJob job) {
        return new BatchPredictionJobView(job.id().toString(), job.displayName(), job.modelId(), job.modelReference(),
                job.state(), job.instancesFormat(), List.of(json.readValue(job.inputUris(), String[].class)),
                job.outputPrefix(), job.linesDone(), job.totalLines(),
                job.errorLines(), job.chunksDone(), job.error(), job.createTime(), job.startTime(), job.endTime());
    }
}
