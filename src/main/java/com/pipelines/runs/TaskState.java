package com.pipelines.runs;

import java.util.EnumSet;
import java.util.Set;

/** A task's state. PENDING again after RUNNING means an attempt failed and another is scheduled. */
public enum TaskState {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, SKIPPED;

    public boolean canTransitionTo(TaskState next) {
        return successors().contains(next);
    }

    /** Finished: only a retry of its run (FAILED or CANCELLED → PENDING) can move it again. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == SKIPPED;
    }

    private Set<TaskState> successors() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, CANCELLED, SKIPPED, FAILED);
            case RUNNING -> EnumSet.of(SUCCEEDED, SKIPPED, FAILED, CANCELLED, PENDING, RUNNING);
            case FAILED, CANCELLED -> EnumSet.of(PENDING);
            case SUCCEEDED, SKIPPED -> EnumSet.noneOf(TaskState.class);
        };
    }
}
