package com.pipelines.runs;

import java.util.EnumSet;
import java.util.Set;

/**
 * A task's state. PENDING again after RUNNING means an attempt failed and another is scheduled. NOT_TRIGGERED (as
 * Vertex AI names it): its condition was false, or its sub-DAG's, so it never ran; it does not fail the run.
 */
public enum TaskState {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, SKIPPED, NOT_TRIGGERED;

    public boolean canTransitionTo(TaskState next) {
        return successors().contains(next);
    }

    /** Finished: only a retry of its run (FAILED or CANCELLED → PENDING) can move it again. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == SKIPPED || this == NOT_TRIGGERED;
    }

    /** Ended with its outputs available to the tasks after it. */
    public boolean hasOutputs() {
        return this == SUCCEEDED || this == SKIPPED;
    }

    private Set<TaskState> successors() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, CANCELLED, SKIPPED, FAILED, NOT_TRIGGERED);
            case RUNNING -> EnumSet.of(SUCCEEDED, SKIPPED, FAILED, CANCELLED, PENDING, RUNNING);
            case FAILED, CANCELLED, NOT_TRIGGERED -> EnumSet.of(PENDING);
            case SUCCEEDED, SKIPPED -> EnumSet.noneOf(TaskState.class);
        };
    }
}
