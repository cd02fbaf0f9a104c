package com.pipelines.runs;

import java.util.EnumSet;
import java.util.Set;

/** A run's state, as Vertex AI's PipelineState. The allowed transitions are declared here and nowhere else. */
public enum RunState {
    QUEUED, PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLING, CANCELLED;

    public boolean canTransitionTo(RunState next) {
        return successors().contains(next);
    }

    /** Finished: only a retry (FAILED or CANCELLED → QUEUED) can move it again. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    private Set<RunState> successors() {
        return switch (this) {
            case QUEUED -> EnumSet.of(PENDING, RUNNING, FAILED, CANCELLED);
            case PENDING -> EnumSet.of(RUNNING, FAILED, CANCELLING, CANCELLED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLING, CANCELLED);
            case CANCELLING -> EnumSet.of(CANCELLED, FAILED, SUCCEEDED);
            case FAILED, CANCELLED -> EnumSet.of(QUEUED);
            case SUCCEEDED -> EnumSet.noneOf(RunState.class);
        };
    }
}
