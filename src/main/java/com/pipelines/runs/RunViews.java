package com.pipelines.runs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** What the run API returns. */
final class RunViews {

    private RunViews() {
    }

    @Schema(description = "A pipeline run with its tasks, final metrics and artifacts")
    record RunView(UUID id, @Schema(example = "simple-mnist-pipeline-20261125020000") String jobId,
                   String displayName, @Schema(example = "simple-mnist-pipeline") String pipelineName,
                   @Schema(description = "The pipeline version it ran: 1 for a built-in, 0 for a pipelineSpec given inline",
                           example = "1")
                   int pipelineVersion,
                   RunState state, Map<String, Object> parameterValues, boolean enableCaching,
                   @Schema(example = "gs://my-bucket/pipeline_root") String pipelineRoot,
                   @Schema(example = "in-process") String executor, FailurePolicy failurePolicy,
                   @Schema(description = "The Vertex AI PipelineJob this run mirrors (executor vertex-pipelines)",
                           example = "projects/my-project/locations/us-central1/pipelineJobs/my-run-1")
                   String externalJob,
                   Instant createTime, Instant startTime, Instant endTime, Instant updateTime, String error,
                   @Schema(description = "The schedule that created the run; absent for a run started by hand")
                   UUID scheduleId,
                   @Schema(description = "The fire time the schedule created it for") Instant scheduledTime,
                   List<TaskView> tasks,
                   @Schema(description = "Final metrics by the seed's names", example = """
                           {"acc": 97.6, "loss": 0.081, "Model": "LinearModel", "dataset size": 60000}""")
                   Map<String, Object> metrics,
                   List<ArtifactView> artifacts, List<StateChangeView> stateHistory,
                   @Schema(description = "The experiment the run belongs to", example = "Default") String experiment,
                   Map<String, String> labels,
                   @Schema(description = "Archived runs leave the default run list") boolean archived,
                   @Schema(description = "The API key that started it (or created its schedule); absent without keys")
                   String createdBy) {
    }

    @Schema(description = "One step of a run")
    record TaskView(@Schema(example = "load-data-and-training") String name, TaskState state, int attempt,
                    Instant startTime, Instant endTime, ProgressView progress, String error, Instant lastHeartbeat,
                    @Schema(description = "SKIPPED by a cache hit: the run whose outputs this task reused")
                    UUID cachedFromRun,
                    @Schema(description = "The built-in component that runs it; absent for a sub-DAG",
                            example = "load-data-and-training") String component,
                    @Schema(description = "The sub-DAG task it belongs to; absent at the root", example = "condition-1")
                    String parent,
                    @Schema(description = "Its input parameter values, as resolved when it was queued")
                    Map<String, Object> inputs,
                    @Schema(description = "The output parameters it recorded", example = "{\"accuracy\": 0.97}")
                    Map<String, Object> outputParameters) {
    }

    @Schema(description = "A run's DAG for drawing: its tasks and the edges between them")
    record DagView(List<DagNode> nodes, List<DagEdge> edges) {
    }

    @Schema(description = "A task of the DAG with its state")
    record DagNode(@Schema(example = "train") String name, String component, String parent, boolean subDag,
                   TaskState state, @Schema(example = "train-accuracy >= 0.9") String condition) {
    }

    @Schema(description = "from must end before to starts; kind dependency, parameter or artifact (what flows)")
    record DagEdge(String from, String to, @Schema(example = "artifact") String kind,
                   @Schema(example = "output_model") String name) {
    }


    @Schema(description = "An artifact a task recorded")
    record ArtifactView(@Schema(example = "load-data-and-training") String task,
                        @Schema(example = "output_model") String name,
                        @Schema(example = "system.Model") String type, String uri, Map<String, Object> metadata) {
    }

    record StateChangeView(RunState state, Instant time, String message) {
    }




    @Schema(description = "A metric value; step is null for a final metric, else the epoch it belongs to")
    record MetricPoint(String task, String key, Object value, Integer step, Instant time) {
    }

    @Schema(description = "Final metrics and per-step history, by key")
    record MetricsView(List<MetricPoint> metrics, Map<String, List<MetricPoint>> history) {
    }

    record ArtifactList(List<ArtifactView> artifacts) {
    }

    @Schema(description = "A line a step logged")
    record LogEntry(long seq, Instant time, String task, int attempt, String message) {
    }

    @Schema(description = "Log lines in order; pass nextAfter as 'after' for the next page (null at the end)")
    record LogPage(List<LogEntry> entries, Long nextAfter) {
    }

    record CancelResult(UUID id, RunState state) {
    }

    @Schema(description = "A retried run and the step it re-executes from")
    record RetryResult(UUID id, RunState state, @Schema(example = "deploy-model") String fromTask) {
    }
}
