package com.pipelines.schedules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.pipelines.runs.CreateRunCommand;
import com.pipelines.runs.RunOrigin;
import com.pipelines.runs.RunService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Fires a schedule: for each due fire time (the latest only, or every missed one with catch-up), a run created
 * through the same path as {@code POST /api/v1/runs}, its fire row and the schedule's next fire time, all in one
 * transaction under the schedule's row lock. A crash anywhere in it rolls all of it back, and the fire happens again;
 * the fire row's primary key makes a second run for the same fire time impossible.
 */
@Component
class ScheduleFiring {

    private static final Logger log = LoggerFactory.getLogger(ScheduleFiring.class);
    private static final DateTimeFormatter JOB_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);

    private final ScheduleRepository schedules;
    private final FireLog fires;
    private final RunService runs;
    private final SchedulesProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final MeterRegistry meters;
    private final Clock clock;

    ScheduleFiring(ScheduleRepository schedules, FireLog fires, RunService runs, SchedulesProperties properties,
                   ApplicationEventPublisher events, TransactionTemplate transaction, MeterRegistry meters,
                   Clock clock) {
        this.schedules = schedules;
        this.fires = fires;
        this.runs = runs;
        this.properties = properties;
        this.events = events;
        this.transaction = transaction;
        this.meters = meters;
        this.clock = clock;
    }

    /** Fires what is due; when to look again (empty: the schedule is paused, completed or gone). */
    Optional<Instant> fire(UUID id) {
        return transaction.execute(status -> {
            Schedule schedule = schedules.lockById(id).orElse(null);
            if (schedule == null || schedule.state() != ScheduleState.ACTIVE || schedule.nextFireTime() == null) {
                return Optional.<Instant>empty();
            }
            Instant now = clock.instant();
            if (schedule.nextFireTime().isAfter(now)) {
                return Optional.of(schedule.nextFireTime());
            }
            Trigger trigger = schedule.trigger();
            List<Instant> firing = trigger.lastDue(schedule.nextFireTime(), now,
                    schedule.catchUp() ? properties.maxCatchUp() : 1);
            Instant next = trigger.next(now).orElse(null);
            if (firing.isEmpty() || !firing.get(0).equals(schedule.nextFireTime())) {
                log.info("Schedule {} missed fire times from {} on; firing {} of them from {} (catchUp {})", id,
                        schedule.nextFireTime(), firing.size(), firing.isEmpty() ? null : firing.get(0),
                        schedule.catchUp());
            }
            for (Instant at : firing) {
                if (schedule.state() != ScheduleState.ACTIVE) {
                    break;
                }
                if (fireOnce(schedule, at, now)) {
                    schedule.madeRun(now);
                }
            }
            if (schedule.state() == ScheduleState.ACTIVE) {
                schedule.nextFireAt(next, now);
            }
            return Optional.ofNullable(schedule.nextFireTime());
        });
    }

    /** One fire time: a run, a skip (maxConcurrency reached, SKIP) or a failure (the request is no longer valid). */
    private boolean fireOnce(Schedule schedule, Instant at, Instant now) {
        if (fires.exists(schedule.id(), at)) {
            return false;
        }
        List<UUID> unfinished = fires.unfinishedRuns(schedule.id());
        if (unfinished.size() >= schedule.maxConcurrency() && schedule.whenBusy() == WhenBusy.SKIP) {
            fires.record(schedule.id(), new FireLog.Fire(at, now, null, FireLog.Outcome.SKIPPED, "maxConcurrency "
                    + schedule.maxConcurrency() + " reached: unfinished runs " + unfinished));
            count("skipped");
            return false;
        }
        UUID runId = UUID.randomUUID();
        try {
            runs.create(command(schedule, at), runId, new RunOrigin(schedule.id(), at, schedule.createdByKey()));
        } catch (ErrorResponseException refused) {
            String reason = refused.getBody().getDetail();
            fires.record(schedule.id(), new FireLog.Fire(at, now, null, FireLog.Outcome.FAILED, reason));
            log.warn("Schedule {} could not create its run for {}: {}", schedule.id(), at, reason);
            count("failed");
            return false;
        }
        fires.record(schedule.id(), new FireLog.Fire(at, now, runId, FireLog.Outcome.CREATED, null));
        events.publishEvent(new ScheduleFired(schedule.id(), at, runId, now));
        count("created");
        Timer.builder("pipelines.schedule.lateness").description("From a fire time to its run queued")
                .register(meters).record(Duration.between(at, clock.instant()));
        return true;
    }

    private void count(String outcome) {
        Counter.builder("pipelines.schedule.fires").description("Fires of schedules, by outcome")
                .tag("outcome", outcome).register(meters).increment();
    }

    private static CreateRunCommand command(Schedule schedule, Instant at) {
        String pipeline = schedule.pipelineName().toLowerCase().replaceAll("[^a-z0-9-]", "-");
        String jobId = (pipeline.length() > 60 ? pipeline.substring(0, 60) : pipeline) + "-" + schedule.id() + "-"
                + JOB_TIME.format(at);
        String displayName = schedule.displayName() + " " + JOB_TIME.format(at);
        return new CreateRunCommand(schedule.pipelineName(), schedule.pipelineVersion(),
                displayName.length() > 128 ? displayName.substring(0, 128) : displayName,
                jobId.replaceAll("^-+", ""), schedule.parameterValues(), schedule.enableCaching(), null, null, null,
                null, null, schedule.experiment(), schedule.labels());
    }
}
