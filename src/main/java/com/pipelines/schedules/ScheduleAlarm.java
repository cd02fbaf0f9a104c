package com.pipelines.schedules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.pipelines.scheduling.ControlScheduler;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Fires a schedule at its time, not at the control scheduler's next poll (up to a second later): whenever this
 * replica writes a schedule's next wake-up, a timer here makes the control scheduler look for due executions at
 * that instant. The database is not polled more often — one look per fire time. The execution row still decides
 * who fires (exactly once); a replica that did not write the wake-up, or one that restarted, fires it at its poll.
 */
@Component
class ScheduleAlarm {

    private static final Duration HORIZON = Duration.ofHours(1);

    private final ObjectProvider<ControlScheduler> control;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "schedule-alarm");
        thread.setDaemon(true);
        return thread;
    });

    ScheduleAlarm(ObjectProvider<ControlScheduler> control, Clock clock) {
        this.control = control;
        this.clock = clock;
    }

    /** After the caller's commit has made the wake-up visible, this replica looks at {@code at} (within the hour). */
    void ringAt(Instant at) {
        long delay = Duration.between(clock.instant(), at).toMillis() + 1;
        if (delay < 0 || delay > HORIZON.toMillis()) {
            return;
        }
        timer.schedule(() -> control.getObject().checkNow(), delay, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
