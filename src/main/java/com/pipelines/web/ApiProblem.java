package com.pipelines.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** How every error of this API looks: RFC 9457 with a {@code urn:problem:} type and the fields at fault. */
public final class ApiProblem {

    private ApiProblem() {
    }

    /** A problem naming one field (or none, when {@code field} is null). */
    public static ProblemDetail of(HttpStatus status, String type, String title, String detail, String field) {
        return of(status, type, title, detail, field == null ? List.of() : List.of(Map.of("field", field,
                "message", detail)));
    }

    /** A problem listing several fields, each as {@code {"field", "message"}}. */
    public static ProblemDetail of(HttpStatus status, String type, String title, String detail,
                                   List<?> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:problem:" + type));
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }
}
