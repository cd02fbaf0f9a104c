package com.pipelines.pipeline;

/**
 * A step failure with a message meant for people. {@link #permanent} failures are not retried (a missing dataset
 * will still be missing a second later); other exceptions a step throws are retried up to the attempt limit.
 */
public class StepFailedException extends RuntimeException {

    private final boolean retryable;

    private StepFailedException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    public static StepFailedException permanent(String message) {
        return new StepFailedException(message, null, false);
    }

    public static StepFailedException permanent(String message, Throwable cause) {
        return new StepFailedException(message, cause, false);
    }

    public static StepFailedException transientFailure(String message, Throwable cause) {
        return new StepFailedException(message, cause, true);
    }

    public boolean retryable() {
        return retryable;
    }
}
