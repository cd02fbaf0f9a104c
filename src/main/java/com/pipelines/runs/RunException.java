package com.pipelines.runs;

import java.util.UUID;

import com.pipelines.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Client errors about runs, rendered as RFC 9457 problem details. */
class RunException extends ErrorResponseException {

    private RunException(HttpStatus status, String type, String title, String detail, String field) {
        super(status, ApiProblem.of(status, type, title, detail, field), null);
    }

    public static RunException notFound(UUID id) {
        return new RunException(HttpStatus.NOT_FOUND, "run-not-found", "Run not found", "No run with id " + id, "id");
    }

    public static RunException illegalTransition(String what, Object from, Object to) {
        return new RunException(HttpStatus.CONFLICT, "illegal-state-transition", "Illegal state transition",
                what + " is " + from + " and cannot become " + to, null);
    }

    public static RunException stepsStillRunning(UUID id, java.util.Collection<String> steps) {
        return new RunException(HttpStatus.CONFLICT, "run-steps-still-running", "Run steps still running",
                "Run " + id + " cannot be retried yet: step " + String.join(", ", steps) + " is still executing "
                        + "(it was told to stop and has not returned); retry once it has", null);
    }

    public static RunException notRetryable(UUID id, RunState state) {
        return new RunException(HttpStatus.CONFLICT, "run-not-retryable", "Run cannot be retried",
                "Run " + id + " is " + state + "; only FAILED or CANCELLED runs with a step left to run can be "
                        + "retried", null);
    }

    public static RunException invalidField(String field, String message) {
        return new RunException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", field + ": " + message,
                field);
    }

    public static RunException jobIdTaken(String jobId) {
        return new RunException(HttpStatus.CONFLICT, "job-id-taken", "Job id already used",
                "A run with jobId '" + jobId + "' already exists", "jobId");
    }
}
