package com.pipelines.schedules;

import java.util.UUID;

/** The data of a schedule's firing execution: one per schedule, its instance id the schedule id. */
record ScheduleJob(UUID scheduleId) {

    String instanceId() {
        return scheduleId.toString();
    }
}
