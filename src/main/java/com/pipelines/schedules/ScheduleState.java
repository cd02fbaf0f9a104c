package com.pipelines.schedules;

import java.util.EnumSet;
import java.util.Set;

/** ACTIVE fires; PAUSED keeps its place; COMPLETED (end time passed or max run count reached) fires no more. */
public enum ScheduleState {
    ACTIVE, PAUSED, COMPLETED;

    public boolean canTransitionTo(ScheduleState next) {
        return successors().contains(next);
    }

    private Set<ScheduleState> successors() {
        return switch (this) {
            case ACTIVE -> EnumSet.of(PAUSED, COMPLETED);
            case PAUSED -> EnumSet.of(ACTIVE, COMPLETED);
            case COMPLETED -> EnumSet.noneOf(ScheduleState.class);
        };
    }
}
