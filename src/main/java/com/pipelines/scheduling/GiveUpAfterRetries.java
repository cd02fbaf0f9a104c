package com.pipelines.scheduling;

import java.time.Duration;
import java.util.function.BiConsumer;

import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For an execution whose own bookkeeping threw (the database away, a client that cannot be built): tried again
 * with exponential backoff, and after {@code maxRetries} removed and handed to {@code giveUp} with the reason, so
 * that the run it stood for ends FAILED instead of waiting for an execution that no longer exists.
 */
public final class GiveUpAfterRetries<T> implements FailureHandler<T> {

    private static final Logger log = LoggerFactory.getLogger(GiveUpAfterRetries.class);

    private final int maxRetries;
    private final FailureHandler<T> backoff;
    private final BiConsumer<T, String> giveUp;

    public GiveUpAfterRetries(int maxRetries, BiConsumer<T, String> giveUp) {
        this.maxRetries = maxRetries;
        this.backoff = new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2);
        this.giveUp = giveUp;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
        Execution execution = complete.getExecution();
        int failures = execution.consecutiveFailures + 1;
        if (failures <= maxRetries) {
            backoff.onFailure(complete, operations);
            return;
        }
        String cause = complete.getCause().map(GiveUpAfterRetries::describe).orElse("no cause recorded");
        String reason = "the engine gave up after " + failures + " failed tries: " + cause;
        log.error("Giving up on execution {}: {}", execution.getId(), reason);
        operations.stop();
        giveUp.accept((T) execution.taskInstance.getData(), reason);
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
