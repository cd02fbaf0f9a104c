package com.pipelines.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class RunStateTest {

    @Test
    void finishedStatesAreFinalExceptThatFailedAndCancelledMayBeRetried() {
        for (RunState terminal : new RunState[] {RunState.SUCCEEDED, RunState.FAILED, RunState.CANCELLED}) {
            assertThat(terminal.isTerminal()).isTrue();
            for (RunState next : RunState.values()) {
                boolean retry = terminal != RunState.SUCCEEDED && next == RunState.QUEUED;
                assertThat(terminal.canTransitionTo(next)).as(terminal + "->" + next).isEqualTo(retry);
            }
        }
        assertThat(TaskState.FAILED.canTransitionTo(TaskState.PENDING)).isTrue();
        assertThat(TaskState.FAILED.canTransitionTo(TaskState.RUNNING)).isFalse();
    }

    @Test
    void runsFollowVertexLifecycle() {
        assertThat(RunState.QUEUED.canTransitionTo(RunState.RUNNING)).isTrue();
        assertThat(RunState.QUEUED.canTransitionTo(RunState.CANCELLED)).isTrue();
        assertThat(RunState.QUEUED.canTransitionTo(RunState.SUCCEEDED)).isFalse();
        assertThat(RunState.RUNNING.canTransitionTo(RunState.CANCELLING)).isTrue();
        assertThat(RunState.CANCELLING.canTransitionTo(RunState.CANCELLED)).isTrue();
        assertThat(RunState.CANCELLING.canTransitionTo(RunState.RUNNING)).isFalse();
    }

    @Test
    void succeededTasksNeverRunAgain() {
        assertThat(TaskState.RUNNING.canTransitionTo(TaskState.PENDING)).isTrue();
        assertThat(TaskState.SUCCEEDED.canTransitionTo(TaskState.PENDING)).isFalse();
        assertThat(TaskState.SKIPPED.isTerminal()).isTrue();
        assertThat(TaskState.PENDING.canTransitionTo(TaskState.SUCCEEDED)).isFalse();
    }

    @Test
    void entityRefusesIllegalTransitionsAndKeepsHistory() {
        Instant t0 = Instant.parse("2026-11-25T00:00:00Z");
        PipelineRun run = new PipelineRun(UUID.randomUUID(), "job", "p", "d", Map.of(), true, null, RunExecutor.IN_PROCESS, t0);
        run.transitionTo(RunState.RUNNING, "go", t0.plusSeconds(1));
        run.transitionTo(RunState.FAILED, "broke", t0.plusSeconds(2));
        assertThat(run.startTime()).isEqualTo(t0.plusSeconds(1));
        assertThat(run.endTime()).isEqualTo(t0.plusSeconds(2));
        assertThat(run.error()).isEqualTo("broke");
        assertThat(run.stateHistory()).extracting(StateChange::state)
                .containsExactly(RunState.QUEUED, RunState.RUNNING, RunState.FAILED);
        assertThatThrownBy(() -> run.transitionTo(RunState.RUNNING, "again", t0.plusSeconds(3)))
                .isInstanceOf(RunException.class).hasMessageContaining("409");
        assertThat(run.state()).isEqualTo(RunState.FAILED);
    }

    @Test
    void taskAttemptsCountUpOnEachStart() {
        Instant now = Instant.now();
        TaskRun task = new TaskRun(UUID.randomUUID(), "train", 0);
        task.transitionTo(TaskState.RUNNING, null, now);
        task.transitionTo(TaskState.PENDING, "failed", now);
        task.transitionTo(TaskState.RUNNING, null, now);
        assertThat(task.attempt()).isEqualTo(2);
        assertThat(task.error()).isEqualTo("failed");
        task.transitionTo(TaskState.SUCCEEDED, "ok", now);
        assertThat(task.error()).isNull();
        assertThat(task.progressFraction()).isEqualTo(1.0);
    }
}
