package com.pipelines.runs;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;

/**
 * Runs the engine can no longer move: their execution was given up on or deleted. Such a run ends FAILED with the
 * reason and what to do, instead of staying QUEUED or RUNNING for ever. It is not re-queued on its own: an
 * execution is only lost after the engine's own retries failed or someone removed it, and queueing it again
 * blindly could repeat that for ever; {@code :retry} re-runs it from the failed step once the cause is fixed.
 */
@Service
public class LostRuns {

    private static final Logger log = LoggerFactory.getLogger(LostRuns.class);
    private static final EnumSet<RunState> UNFINISHED = EnumSet.of(RunState.QUEUED, RunState.PENDING,
            RunState.RUNNING, RunState.CANCELLING);

    private final PipelineRunRepository runs;
    private final TaskRunRepository tasks;
    private final RunTransitions transitions;
    private final RunRecorder recorder;
    private final Clock clock;

    LostRuns(PipelineRunRepository runs, TaskRunRepository tasks, RunTransitions transitions, RunRecorder recorder,
             Clock clock) {
        this.runs = runs;
        this.tasks = tasks;
        this.transitions = transitions;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** Unfinished runs unchanged since {@code before}, at most {@code limit}, oldest first. */
    public List<UUID> unchangedSince(Instant before, int limit) {
        return runs.findIdsByStateInAndUpdateTimeBefore(UNFINISHED, before, Limit.of(limit));
    }

    /**
     * Fails the run if it is still unfinished, still unchanged since {@code before} and {@code hasExecution} still
     * finds nothing for it — all checked in one transaction. True if it was failed.
     */
    public boolean failIfLost(UUID runId, Instant before, Predicate<UUID> hasExecution, String message) {
        return transitions.retrying(() -> {
            PipelineRun run = runs.findById(runId).orElse(null);
            if (run == null || run.state().isTerminal() || !run.updateTime().isBefore(before)
                    || hasExecution.test(runId)) {
                return false;
            }
            log.warn("Run {} lost its execution: {}", runId, message);
            Instant now = clock.instant();
            transitions.finish(run, RunState.FAILED, message, now);
            runs.touch(runId, now);
            return true;
        });
    }

    /**
     * The engine gave up on attempt {@code attempt} of a step (its own bookkeeping kept failing): the run fails with
     * the reason, unless a newer attempt has taken over or the run is already finished.
     */
    public void abandonStep(UUID runId, String taskName, int attempt, String reason) {
        transitions.retrying(() -> {
            PipelineRun run = runs.findById(runId).orElse(null);
            TaskRun task = tasks.findByRunIdAndName(runId, taskName).orElse(null);
            if (run == null || task == null || run.state().isTerminal() || task.attempt() > attempt) {
                return null;
            }
            Instant now = clock.instant();
            String message = "Step " + taskName + " could not be executed: " + reason
                    + ". Fix the cause, then retry the run (POST /api/v1/runs/" + runId + ":retry).";
            recorder.note(runId, taskName, task.attempt(), message);
            if (!task.state().isTerminal()) {
                task.transitionTo(TaskState.FAILED, message, now);
            }
            transitions.finish(run, RunState.FAILED, message, now);
            runs.touch(runId, now);
            return null;
        });
    }
}
