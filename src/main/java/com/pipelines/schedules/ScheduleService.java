package com.pipelines.schedules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pipelines.pipeline.PipelineVersions;
import com.pipelines.runs.CreateRunCommand;
import com.pipelines.runs.RunService;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates, reads, pauses, resumes and deletes schedules; firing them is {@link ScheduleFiring}'s. */
@Service
class ScheduleService {

    private static final int LATEST_FIRES = 10;
    private static final int NEXT_FIRES = 5;

    private final ScheduleRepository schedules;
    private final FireLog fires;
    private final RunService runs;
    private final PipelineVersions versions;
    private final ScheduleWakeUps wakeUps;
    private final SchedulesProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    ScheduleService(ScheduleRepository schedules, FireLog fires, RunService runs, PipelineVersions versions,
                    ScheduleWakeUps wakeUps, SchedulesProperties properties, TransactionTemplate transaction,
                    Clock clock) {
        this.schedules = schedules;
        this.fires = fires;
        this.runs = runs;
        this.versions = versions;
        this.wakeUps = wakeUps;
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Validates everything a fire would (the run request included), then stores the schedule and its first wake-up. */
    ScheduleView create(CreateScheduleCommand command) {
        Instant now = clock.instant();
        checkTiming(command, now);
        runs.validate(new CreateRunCommand(command.pipelineNameOrDefault(), command.pipelineVersion(), null, null,
                command.parameterValues(), command.enableCaching(), null, null, null, null, null,
                command.experiment(), command.labels()));
        Map<String, Object> parameters = command.parameterValues() == null ? Map.of() : command.parameterValues();
        Schedule schedule = transaction.execute(status -> {
            Schedule created = schedules.saveAndFlush(new Schedule(command, parameters, now));
            if (created.nextFireTime() != null) {
                wakeUps.wakeAt(created.id(), created.nextFireTime());
            }
            return created;
        });
        return view(schedule);
    }

    /** Bounds that keep every fire-time computation far from overflow. */
    static final Duration MAX_INTERVAL = Duration.ofDays(3650);
    static final Duration MAX_PAST = Duration.ofDays(3650);
    static final Duration MAX_FUTURE = Duration.ofDays(36500);

    private static void within(String field, Instant time, Instant now) {
        if (time != null && (time.isBefore(now.minus(MAX_PAST)) || time.isAfter(now.plus(MAX_FUTURE)))) {
            throw ScheduleException.invalidField(field, "must be within " + MAX_PAST.toDays() / 365
                    + " years before and " + MAX_FUTURE.toDays() / 365 + " years after now");
        }
    }

    private void checkTiming(CreateScheduleCommand command, Instant now) {
        if ((command.cron() == null) == (command.interval() == null)) {
            throw ScheduleException.invalidField(command.cron() == null ? "cron" : "interval",
                    "give exactly one of cron and interval");
        }
        ZoneId zone = command.zone();
        if (command.cron() != null) {
            try {
                Trigger.parseCron(command.cron());
            } catch (IllegalArgumentException e) {
                throw ScheduleException.invalidField("cron", e.getMessage());
            }
        } else {
            Duration interval = command.intervalDuration();
            if (interval.compareTo(properties.minInterval()) < 0) {
                throw ScheduleException.invalidField("interval", "must be at least " + properties.minInterval());
            }
            if (interval.compareTo(MAX_INTERVAL) > 0) {
                throw ScheduleException.invalidField("interval", "must be at most " + MAX_INTERVAL.toDays()
                        + " days");
            }
        }
        within("startTime", command.startTime(), now);
        within("endTime", command.endTime(), now);
        if (command.endTime() != null && !command.endTime().isAfter(now)) {
            throw ScheduleException.invalidField("endTime", "must be in the future");
        }
        if (command.endTime() != null && command.startTime() != null
                && !command.endTime().isAfter(command.startTime())) {
            throw ScheduleException.invalidField("endTime", "must be after startTime");
        }
        Trigger trigger = Trigger.of(command.cron(), command.intervalDuration(), zone, command.startTime(),
                command.endTime(), now);
        if (trigger.next(now).isEmpty()) {
            throw ScheduleException.invalidField(command.cron() != null ? "cron" : "interval",
                    "never fires between startTime and endTime");
        }
    }

    ScheduleView get(UUID id) {
        return view(find(id));
    }

    ScheduleView.SchedulePage list(ScheduleState state, int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Order.desc("createTime"), Sort.Order.asc("id")));
        Page<Schedule> found = state == null ? schedules.findAll(request) : schedules.findByState(state, request);
        return new ScheduleView.SchedulePage(found.getContent().stream().map(this::view).toList(), page, size,
                found.getTotalElements());
    }

    ScheduleView pause(UUID id) {
        return change(id, ScheduleState.PAUSED);
    }

    /** ACTIVE again; missed fire times are run as catchUp says at the next wake-up, which is now. */
    ScheduleView resume(UUID id) {
        return change(id, ScheduleState.ACTIVE);
    }

    private ScheduleView change(UUID id, ScheduleState next) {
        Schedule schedule = transaction.execute(status -> {
            Schedule locked = schedules.lockById(id).orElseThrow(() -> ScheduleException.notFound(id));
            if (locked.state() != next) {
                locked.transitionTo(next, clock.instant());
            }
            if (next == ScheduleState.ACTIVE && locked.nextFireTime() != null) {
                wakeUps.wakeAt(id, locked.nextFireTime().isBefore(clock.instant()) ? clock.instant()
                        : locked.nextFireTime());
            }
            return locked;
        });
        return view(schedule);
    }

    /** The schedule goes; the runs it made keep their history (and their scheduleId). */
    void delete(UUID id) {
        transaction.executeWithoutResult(status -> {
            Schedule schedule = schedules.lockById(id).orElseThrow(() -> ScheduleException.notFound(id));
            schedules.delete(schedule);
        });
    }

    private Schedule find(UUID id) {
        return schedules.findById(id).orElseThrow(() -> ScheduleException.notFound(id));
    }

    private ScheduleView view(Schedule s) {
        ZoneId zone = ZoneId.of(s.timeZone());
        List<java.time.OffsetDateTime> next = s.state() == ScheduleState.COMPLETED || s.nextFireTime() == null
                ? List.of() : s.trigger().upcoming(s.nextFireTime().minusNanos(1), NEXT_FIRES).stream()
                .map(t -> t.atZone(zone).toOffsetDateTime()).toList();
        List<ScheduleView.FireView> latest = fires.latest(s.id(), LATEST_FIRES).stream()
                .map(f -> new ScheduleView.FireView(f.scheduledTime(), f.fireTime(), f.runId(), f.outcome().name(),
                        f.reason())).toList();
        return new ScheduleView(s.id(), s.displayName(), s.pipelineName(), s.pipelineVersion(), s.parameterValues(),
                s.enableCaching(), s.cron(), s.intervalSeconds() == null ? null
                : Duration.ofSeconds(s.intervalSeconds()).toString(), s.timeZone(), s.startTime(), s.endTime(),
                s.maxRunCount(), s.maxConcurrency(), s.whenBusy(), s.catchUp(), s.state(), s.runCount(),
                s.createTime(), s.updateTime(), next, latest,
                s.experiment() == null ? com.pipelines.experiments.Experiments.DEFAULT : s.experiment(), s.labels(),
                s.createdByKey());
    }
}
