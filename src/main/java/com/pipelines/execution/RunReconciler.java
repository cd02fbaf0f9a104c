package com.pipelines.execution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.pipelines.runs.LostRuns;
import com.pipelines.scheduling.ControlProperties;
import com.pipelines.scheduling.ControlScheduler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds unfinished runs that nothing will move any more — no step execution, no Vertex job poll, no change for
 * {@code pipelines.control.orphan-after} — and ends them FAILED with what to do. Runs every
 * {@code pipelines.control.reconcile-every} as a recurring control task, on one replica at a time.
 */
@Component
class RunReconciler {

    private static final int BATCH = 500;

    private final LostRuns lost;
    private final JdbcTemplate jdbc;
    private final Duration orphanAfter;
    private final Clock clock;
    private final Counter failed;

    RunReconciler(LostRuns lost, JdbcTemplate jdbc, ControlProperties properties, Clock clock, MeterRegistry meters) {
        this.lost = lost;
        this.jdbc = jdbc;
        this.orphanAfter = properties.orphanAfter();
        this.clock = clock;
        this.failed = Counter.builder("pipelines.runs.lost")
                .description("Unfinished runs the reconciler found without an execution and failed").register(meters);
    }

    /** One pass; returns how many runs it failed. */
    int reconcile() {
        Instant before = clock.instant().minus(orphanAfter);
        int count = 0;
        for (UUID runId : lost.unchangedSince(before, BATCH)) {
            if (lost.failIfLost(runId, before, this::hasExecution, message(runId))) {
                count++;
            }
        }
        failed.increment(count);
        return count;
    }

    private boolean hasExecution(UUID runId) {
        Integer steps = jdbc.queryForObject("select count(*) from scheduled_tasks where task_name = ? "
                + "and task_instance like ?", Integer.class, ExecutionConfiguration.STEP_TASK, runId + ".%");
        Integer polls = jdbc.queryForObject("select count(*) from " + ControlScheduler.TABLE
                + " where task_name = ? and task_instance = ?", Integer.class,
                ExecutionConfiguration.REMOTE_RUN_TASK, runId.toString());
        return steps + polls > 0;
    }

    private String message(UUID runId) {
        return "The run lost its execution: nothing was scheduled to move it and it had not changed for "
                + orphanAfter.toString().substring(2).toLowerCase() + " (the engine gave up on it after repeated "
                + "database or setup errors, or its execution was removed). Check the service log, then retry it "
                + "with POST /api/v1/runs/" + runId + ":retry.";
    }
}
