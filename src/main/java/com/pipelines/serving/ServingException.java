package com.pipelines.serving;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A prediction request that cannot be served as sent, named down to the instance at fault. */
class ServingException extends ErrorResponseException {

    private ServingException(HttpStatus status, String type, String title, String field, String detail) {
        super(status, problem(status, type, title, field, detail), null);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, field + ": " + detail);
        problem.setType(URI.create("urn:problem:" + type));
        problem.setTitle(title);
        problem.setProperty("errors", List.of(Map.of("field", field, "message", detail)));
        return problem;
    }

    static ServingException badInstance(String field, String detail) {
        return new ServingException(HttpStatus.BAD_REQUEST, "invalid-instances", "Invalid instances", field, detail);
    }

    static ServingException nothingDeployed(String endpoint) {
        return new ServingException(HttpStatus.BAD_REQUEST, "no-deployed-model", "No model deployed", "endpoint",
                "endpoint " + endpoint + " has no deployed model taking traffic");
    }
}
