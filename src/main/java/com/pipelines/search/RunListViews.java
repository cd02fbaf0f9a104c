package com.pipelines.search;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.pipelines.runs.ProgressView;
import com.pipelines.runs.RunState;
import io.swagger.v3.oas.annotations.media.Schema;

/** What the run list answers (its schema names are part of the OpenAPI contract). */
final class RunListViews {

    private RunListViews() {
    }

    @Schema(description = "A run in a list; runningTask is the task running now, with its progress (null if none)")
    record RunSummary(UUID id, String jobId, String displayName, String pipelineName, RunState state,
                      Instant createTime, Instant startTime, Instant endTime, String error, RunningTask runningTask,
                      String experiment, java.util.Map<String, String> labels, boolean archived) {
    }

    @Schema(description = "The task a run is running, so that a list shows progress without reading each run")
    record RunningTask(@Schema(example = "load-data-and-training") String name, int attempt, ProgressView progress) {
    }

    @Schema(description = "One page of runs, newest first")
    record RunPage(List<RunSummary> runs, int page, int size,
                   @Schema(description = "Runs matching; counted at most every 2 s per filter, so it may lag a run "
                           + "queued on another replica by that much") long totalElements,
                   int totalPages) {
    }
}
