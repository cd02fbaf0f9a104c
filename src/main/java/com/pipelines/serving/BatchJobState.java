package com.pipelines.serving;

import java.util.Set;

/** Vertex AI's JobState, as far as a local batch job goes through it; transitions are checked here. */
public enum BatchJobState {
    JOB_STATE_QUEUED, JOB_STATE_RUNNING, JOB_STATE_SUCCEEDED, JOB_STATE_FAILED, JOB_STATE_CANCELLING,
    JOB_STATE_CANCELLED;

    boolean finished() {
        return this == JOB_STATE_SUCCEEDED || this == JOB_STATE_FAILED || this == JOB_STATE_CANCELLED;
    }

    boolean canBecome(BatchJobState next) {
        return switch (this) {
            case JOB_STATE_QUEUED -> Set.of(JOB_STATE_RUNNING, JOB_STATE_CANCELLED, JOB_STATE_FAILED).contains(next);
            case JOB_STATE_RUNNING -> Set.of(JOB_STATE_RUNNING, JOB_STATE_SUCCEEDED, JOB_STATE_FAILED,
                    JOB_STATE_CANCELLING, JOB_STATE_CANCELLED).contains(next);
            case JOB_STATE_CANCELLING -> Set.of(JOB_STATE_CANCELLED, JOB_STATE_FAILED, JOB_STATE_SUCCEEDED)
                    .contains(next);
            default -> false;
        };
    }
}
