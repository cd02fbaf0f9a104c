package com.pipelines.deploy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.google.api.gax.longrunning.OperationFuture;
import com.google.api.gax.rpc.ApiException;
import com.pipelines.pipeline.StepFailedException;

/**
 * Runs Vertex AI calls and turns their failures into step failures a person can act on: wrong permissions, a
 * missing resource or a rejected argument fail the step at once; an unavailable service (after the client's own
 * retries) or an operation that outlives its timeout is a transient failure, retried as a new attempt.
 */
final class VertexCalls {

    private final Duration operationTimeout;

    VertexCalls(Duration operationTimeout) {
        this.operationTimeout = operationTimeout;
    }

    <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            throw failure(what, e);
        }
    }

    <T> T await(String what, Supplier<OperationFuture<T, ?>> start) {
        OperationFuture<T, ?> operation = call(what, start);
        try {
            // The client polls until its own total timeout; this bound only guards against a poller that hangs.
            return operation.get(operationTimeout.plusMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw failure(what, api);
            }
            if (e.getCause() instanceof CancellationException) {
                throw timedOut(what, operation);
            }
            throw StepFailedException.transientFailure("Vertex AI could not " + what + ": " + e.getCause(), e);
        } catch (CancellationException | TimeoutException e) {
            throw timedOut(what, operation);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StepFailedException.transientFailure("Interrupted while waiting to " + what, e);
        }
    }

    private StepFailedException timedOut(String what, OperationFuture<?, ?> operation) {
        return StepFailedException.transientFailure("Vertex AI did not finish to " + what + " within "
                + operationTimeout + " (operation " + operationName(operation) + "); it may still complete — "
                + "the next attempt reuses whatever it created (pipelines.vertex.operation-timeout)", null);
    }

    static StepFailedException failure(String what, ApiException e) {
        String reason = e.getMessage();
        return switch (e.getStatusCode().getCode()) {
            case PERMISSION_DENIED, UNAUTHENTICATED -> StepFailedException.permanent("Vertex AI refused to " + what
                    + ": permission denied (" + reason + "). Check that the service's credentials (Application "
                    + "Default Credentials) hold roles/aiplatform.user on the project and that the Vertex AI API "
                    + "is enabled.");
            case NOT_FOUND -> StepFailedException.permanent("Vertex AI could not " + what + ": not found (" + reason
                    + "). Check the project, the region and the endpoint parameter.");
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, ALREADY_EXISTS -> StepFailedException.permanent(
                    "Vertex AI rejected the request to " + what + ": " + reason + ". Check the deploy parameters "
                    + "(machineType, acceleratorType/Count, replica counts, servingImage).");
            case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, INTERNAL, ABORTED, UNKNOWN ->
                    StepFailedException.transientFailure("Vertex AI is unavailable to " + what + " (" + reason
                            + "); retried with backoff, the step will be attempted again", e);
            default -> StepFailedException.permanent("Vertex AI could not " + what + ": " + reason);
        };
    }

    static StepFailedException cannotConnect(IOException e) {
        return StepFailedException.permanent(VertexClients.cannotCreate(e));
    }

    private static String operationName(OperationFuture<?, ?> operation) {
        try {
            return operation.isDone() || operation.getInitialFuture().isDone() ? operation.getName() : "not started";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
