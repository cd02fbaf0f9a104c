package com.pipelines.web;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

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

    /**
     * Writes a problem straight to a servlet response, for the places that answer before Spring MVC does (the
     * security filter chain, the firewall, the error controller).
     */
    public static void write(HttpServletResponse response, JsonMapper json, HttpStatus status, String type,
                             String title, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:problem:" + type);
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }
}
