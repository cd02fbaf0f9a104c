package com.pipelines.runs;

import java.util.List;
import java.util.UUID;

/**
 * Which steps of a run some replica is executing right now, as the execution engine knows it (a task row may already
 * say CANCELLED or FAILED while its step has not yet returned).
 */
public interface StepsInFlight {

    /** The names of the run's tasks with an attempt executing now. */
    List<String> executing(UUID runId);
}
