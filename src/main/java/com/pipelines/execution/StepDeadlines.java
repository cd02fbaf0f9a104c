package com.pipelines.execution;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

/**
 * The time limit of step attempts. When an attempt passes its limit, {@code onTimeout} runs (the step is told to stop
 * at its next safe point and its thread interrupted); if it still has not returned a grace period later (half its
 * limit, from 1 to 30 seconds), {@code onAbandoned} runs (its attempt is failed without it, so that the run does not wait for ever on a step stuck
 * in a call that cannot be interrupted).
 */
@Component
class StepDeadlines {

    static final Duration MAX_GRACE = Duration.ofSeconds(30);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "step-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    /** A deadline; {@link #close()} when the attempt returned. */
    final class Deadline implements AutoCloseable {
        private final ScheduledFuture<?> timeout;
        private final ScheduledFuture<?> abandon;

        private Deadline(Duration limit, Runnable onTimeout, Runnable onAbandoned) {
            this.timeout = timer.schedule(onTimeout, limit.toMillis(), TimeUnit.MILLISECONDS);
            Duration grace = limit.dividedBy(2);
            grace = grace.compareTo(MAX_GRACE) > 0 ? MAX_GRACE : grace.compareTo(Duration.ofSeconds(1)) < 0
                    ? Duration.ofSeconds(1) : grace;
            this.abandon = timer.schedule(onAbandoned, limit.plus(grace).toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            timeout.cancel(false);
            abandon.cancel(false);
        }
    }

    Deadline start(Duration limit, Runnable onTimeout, Runnable onAbandoned) {
        return new Deadline(limit, onTimeout, onAbandoned);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
