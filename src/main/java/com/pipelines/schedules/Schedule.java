package com.pipelines.schedules;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import com.pipelines.runs.JsonMapConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A recurring run: what to run, when, and where it stands (its next fire time, how many runs it made). */
@Entity
@Table(name = "schedule")
class Schedule {

    @Id
    private UUID id;
    @Column(name = "display_name", nullable = false, length = 128)
    private String displayName;
    @Column(name = "pipeline_name", nullable = false, length = 128)
    private String pipelineName;
    @Column(name = "pipeline_version")
    private Integer pipelineVersion;
    @Convert(converter = JsonMapConverter.class)
    @Column(name = "parameter_values", nullable = false)
    private Map<String, Object> parameterValues;
    @Column(name = "enable_caching", nullable = false)
    private boolean enableCaching;
    @Column(length = 256)
    private String cron;
    @Column(name = "interval_seconds")
    private Long intervalSeconds;
    @Column(name = "time_zone", nullable = false, length = 64)
    private String timeZone;
    @Column(name = "start_time")
    private Instant startTime;
    @Column(name = "end_time")
    private Instant endTime;
    @Column(name = "max_run_count")
    private Integer maxRunCount;
    @Column(name = "max_concurrency", nullable = false)
    private int maxConcurrency;
    @Enumerated(EnumType.STRING)
    @Column(name = "when_busy", nullable = false, length = 8)
    private WhenBusy whenBusy;
    @Column(name = "catch_up", nullable = false)
    private boolean catchUp;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private ScheduleState state;
    @Column(name = "next_fire_time")
    private Instant nextFireTime;
    @Column(name = "run_count", nullable = false)
    private int runCount;
    @Column(name = "create_time", nullable = false)
    private Instant createTime;
    @Column(name = "update_time", nullable = false)
    private Instant updateTime;
    @Version
    private long version;
    @Column(name = "created_by_key")
    private String createdByKey;
    private String experiment;
    @Convert(converter = LabelsConverter.class)
    private Map<String, String> labels;

    protected Schedule() {
    }

    Schedule(CreateScheduleCommand command, Map<String, Object> parameters, Instant now) {
        this.id = UUID.randomUUID();
        this.displayName = command.displayName();
        this.pipelineName = command.pipelineNameOrDefault();
        this.pipelineVersion = command.pipelineVersion();
        this.parameterValues = parameters;
        this.enableCaching = command.enableCaching() == null || command.enableCaching();
        this.cron = command.cron();
        this.intervalSeconds = command.intervalDuration() == null ? null : command.intervalDuration().toSeconds();
        this.timeZone = command.zone().getId();
        this.startTime = command.startTime();
        this.endTime = command.endTime();
        this.maxRunCount = command.maxRunCount();
        this.maxConcurrency = command.maxConcurrency() == null ? 1 : command.maxConcurrency();
        this.whenBusy = command.whenBusy() == null ? WhenBusy.SKIP : command.whenBusy();
        this.catchUp = Boolean.TRUE.equals(command.catchUp());
        this.state = ScheduleState.ACTIVE;
        this.createdByKey = com.pipelines.security.Callers.currentKeyName();
        this.experiment = command.experiment();
        this.labels = command.labels() == null || command.labels().isEmpty() ? null
                : new java.util.TreeMap<>(command.labels());
        this.createTime = now;
        this.updateTime = now;
        this.nextFireTime = trigger().next(now.minusNanos(1)).orElse(null);
        if (nextFireTime == null) {
            state = ScheduleState.COMPLETED;
        }
    }

    String createdByKey() {
        return createdByKey;
    }

    /** The experiment its runs join; null: Default. */
    String experiment() {
        return experiment;
    }

    Map<String, String> labels() {
        return labels == null ? Map.of() : labels;
    }

    Trigger trigger() {
        return Trigger.of(cron, intervalSeconds == null ? null : Duration.ofSeconds(intervalSeconds),
                ZoneId.of(timeZone), startTime, endTime, createTime);
    }

    void transitionTo(ScheduleState next, Instant now) {
        if (!state.canTransitionTo(next)) {
            throw ScheduleException.illegalTransition(id, state, next);
        }
        state = next;
        updateTime = now;
        if (next == ScheduleState.COMPLETED) {
            nextFireTime = null;
        }
    }

    /** A fire made a run: counted; the schedule is COMPLETED once it made maxRunCount runs. */
    void madeRun(Instant now) {
        runCount++;
        updateTime = now;
        if (maxRunCount != null && runCount >= maxRunCount) {
            transitionTo(ScheduleState.COMPLETED, now);
        }
    }

    /** The next fire time after the fires due now; none (past the end) completes the schedule. */
    void nextFireAt(Instant next, Instant now) {
        nextFireTime = next;
        updateTime = now;
        if (next == null) {
            transitionTo(ScheduleState.COMPLETED, now);
        }
    }

    UUID id() {
        return id;
    }

    String displayName() {
        return displayName;
    }

    String pipelineName() {
        return pipelineName;
    }

    Integer pipelineVersion() {
        return pipelineVersion;
    }

    Map<String, Object> parameterValues() {
        return parameterValues;
    }

    boolean enableCaching() {
        return enableCaching;
    }

    String cron() {
        return cron;
    }

    Long intervalSeconds() {
        return intervalSeconds;
    }

    String timeZone() {
        return timeZone;
    }

    Instant startTime() {
        return startTime;
    }

    Instant endTime() {
        return endTime;
    }

    Integer maxRunCount() {
        return maxRunCount;
    }

    int maxConcurrency() {
        return maxConcurrency;
    }

    WhenBusy whenBusy() {
        return whenBusy;
    }

    boolean catchUp() {
        return catchUp;
    }

    ScheduleState state() {
        return state;
    }

    Instant nextFireTime() {
        return nextFireTime;
    }

    int runCount() {
        return runCount;
    }

    Instant createTime() {
        return createTime;
    }

    Instant updateTime() {
        return updateTime;
    }
}
