package com.pipelines.schedules;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "A schedule: what it runs, when, its state, next fire times and latest fires")
public record ScheduleView(UUID id, String displayName, String pipelineName, Integer pipelineVersion,
                           Map<String, Object> parameterValues, boolean enableCaching,
                           @Schema(example = "0 2 * * *") String cron, @Schema(example = "PT6H") String interval,
                           @Schema(example = "Europe/Berlin") String timeZone, Instant startTime, Instant endTime,
                           Integer maxRunCount, int maxConcurrency, WhenBusy whenBusy, boolean catchUp,
                           ScheduleState state, int runCount, Instant createTime, Instant updateTime,
                           @Schema(description = "The next fire times in the schedule's time zone (up to 5)")
                           List<OffsetDateTime> nextFireTimes,
                           @Schema(description = "The latest fires, newest first: the run made, or why none was")
                           List<FireView> latestFires,
                           @Schema(description = "The experiment its runs join") String experiment,
                           Map<String, String> labels,
                           @Schema(description = "The API key that created it; absent without keys") String createdBy) {

    @Schema(description = "One fire time: CREATED a run, SKIPPED (maxConcurrency) or FAILED (request refused)")
    public record FireView(Instant scheduledTime, Instant fireTime, UUID runId, String outcome, String reason) {
    }

    public record SchedulePage(List<ScheduleView> schedules, int page, int size, long totalElements) {
    }
}
