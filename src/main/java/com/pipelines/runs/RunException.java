package com.pipelines.runs;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Client errors about runs, rendered as RFC 9457 problem details. */
public class RunException extends ErrorResponseException {

    private RunException(HttpStatus status, String type, String title, String detail, String field) {
        super(status, problem(status, type, title, detail, field), null);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:problem:" + type));
        problem.setTitle(title);
        if (field != null) {
            problem.setProperty("errors", List.of(Map.of("field", field, "message", detail)));
        }
        return problem;
    }

    public static RunException notFound(UUID id) {
        return new RunException(HttpStatus.NOT_FOUND, "run-not-found", "Run not found", "No run with id " + id, "id");
    }

    public static RunException illegalTransition(String what, Object from, Object to) {
        return new RunException(HttpStatus.CONFLICT, "illegal-state-transition", "Illegal state transition",
                what + " is " + from + " and cannot become " + to, null);
    }

    public static RunException jobIdTaken(String jobId) {
        return new RunException(HttpStatus.CONFLICT, "job-id-taken", "Job id already used",
                "A run with jobId '" + jobId + "' already exists", "jobId");
    }
}
