package com.pipelines.schedules;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/v1/schedules}. */
@Schema(description = "A recurring run: a pipeline, its parameters, and when to run it", example = """
        {"displayName": "nightly fashion", "pipelineName": "simple-mnist-pipeline",
         "parameterValues": {"dataset": "fashion-mnist"}, "cron": "0 2 * * *", "timeZone": "Europe/Berlin",
         "maxConcurrency": 1, "whenBusy": "SKIP", "catchUp": false}""")
public record CreateScheduleCommand(
        @NotBlank @Size(max = 128) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String displayName,
        @Schema(defaultValue = "simple-mnist-pipeline") @Size(min = 1, max = 128) String pipelineName,
        @Schema(description = "Version to run; default the latest at each fire") @Min(1) Integer pipelineVersion,
        @Size(max = 100) Map<String, Object> parameterValues,
        @Schema(defaultValue = "true") Boolean enableCaching,
        @Schema(description = "Five-field cron (minute hour day-of-month month day-of-week) or @daily…; give cron "
                + "or interval", example = "0 2 * * *") @Size(max = 256) String cron,
        @Schema(description = "ISO-8601 period between fires, from startTime (or creation)", example = "PT6H")
        @Size(max = 64) String interval,
        @Schema(description = "Time zone of the cron expression", defaultValue = "UTC", example = "Europe/Berlin")
        @Size(max = 64) String timeZone,
        @Schema(description = "No fire before this instant") Instant startTime,
        @Schema(description = "No fire after this instant; then COMPLETED") Instant endTime,
        @Schema(description = "COMPLETED after this many runs") @Min(1) Integer maxRunCount,
        @Schema(defaultValue = "1") @Min(1) @Max(10) Integer maxConcurrency,
        @Schema(description = "At a fire with maxConcurrency runs unfinished: SKIP records a skipped fire, QUEUE "
                + "creates the run to wait", defaultValue = "SKIP") WhenBusy whenBusy,
        @Schema(description = "After downtime or a pause: false fires once for the latest missed time, true fires "
                + "every missed time (bounded by pipelines.schedules.max-catch-up), oldest first",
                defaultValue = "false") Boolean catchUp,
        @Schema(description = "The experiment its runs join (it must exist); default 'Default'")
        @jakarta.validation.constraints.Size(min = 1, max = 128) String experiment,
        @Schema(description = "Labels of the schedule, given to each run it creates (Vertex's rules)")
        Map<String, String> labels) {

    public static final String DEFAULT_PIPELINE = "simple-mnist-pipeline";

    public String pipelineNameOrDefault() {
        return pipelineName == null ? DEFAULT_PIPELINE : pipelineName;
    }

    /** The time zone; an unknown one is a 400 on {@code timeZone}. */
    public ZoneId zone() {
        if (timeZone == null) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            throw ScheduleException.invalidField("timeZone", "unknown time zone '" + timeZone
                    + "'; use an IANA name such as Europe/Berlin or UTC");
        }
    }

    /** The interval; one that is not an ISO-8601 duration is a 400 on {@code interval}. */
    public Duration intervalDuration() {
        if (interval == null) {
            return null;
        }
        try {
            return Duration.parse(interval);
        } catch (java.time.format.DateTimeParseException e) {
            throw ScheduleException.invalidField("interval", "must be an ISO-8601 duration such as PT6H or P1D");
        }
    }
}
