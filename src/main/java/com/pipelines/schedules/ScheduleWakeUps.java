package com.pipelines.schedules;

import java.time.Instant;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.pipelines.scheduling.ControlScheduler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A schedule's one control execution ({@code schedule-fire}, instance id the schedule id), due at its next fire
 * time; written in the caller's transaction. An execution that already exists keeps its time: it fires no later than
 * the schedule is due, and one that wakes early only looks again at the right time.
 */
@Component
class ScheduleWakeUps {

    static final String TASK = "schedule-fire";
    private static final TaskDescriptor<ScheduleJob> FIRE = TaskDescriptor.of(TASK, ScheduleJob.class);

    private final ObjectProvider<ControlScheduler> control;
    private final ScheduleAlarm alarm;

    ScheduleWakeUps(ObjectProvider<ControlScheduler> control, ScheduleAlarm alarm) {
        this.control = control;
        this.alarm = alarm;
    }

    void wakeAt(UUID schedule, Instant at) {
        ScheduleJob job = new ScheduleJob(schedule);
        control.getObject().schedule(FIRE.instance(job.instanceId()).data(job).scheduledTo(at), at);
        alarm.ringAt(at);
    }
}
