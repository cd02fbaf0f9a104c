package com.pipelines.runs;

import java.util.EnumSet;
import java.util.Set;

/** A task's state. PENDING again after RUNNING means an attempt failed and another is scheduled. */
public enum TaskState {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, SKIPPED;

    public boolean canTransitionTo(TaskState next) {
        return successors().contains(next);
    }

    public boolean isTerminal() {
        return successors().isEmpty();
    }

    private Set<TaskState> successors() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, CANCELLED, SKIPPED, FAILED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED, PENDING, RUNNING);
            case SUCCEEDED, FAILED, CANCELLED, SKIPPED -> EnumSet.noneOf(TaskState.class);
        };
    }
}
