package com.pipelines.schedules;

/** At a fire time with maxConcurrency runs of the schedule unfinished: skip the fire, or create the run to wait. */
public enum WhenBusy {
    SKIP, QUEUE
}
