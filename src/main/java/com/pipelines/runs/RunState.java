package com.pipelines.runs;

import java.util.EnumSet;
import java.util.Set;

/** A run's state, as Vertex AI's PipelineState. The allowed transitions are declared here and nowhere else. */
public enum RunState {
    QUEUED, PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLING, CANCELLED;

    public boolean canTransitionTo(RunState next) {
        return successors().contains(next);
    }

    public boolean isTerminal() {
        return successors().isEmpty();
    }

    private Set<RunState> successors() {
        return switch (this) {
            case QUEUED -> EnumSet.of(PENDING, RUNNING, FAILED, CANCELLED);
            case PENDING -> EnumSet.of(RUNNING, FAILED, CANCELLED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLING, CANCELLED);
            case CANCELLING -> EnumSet.of(CANCELLED, FAILED, SUCCEEDED);
            case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(RunState.class);
        };
    }
}
