package com.pipelines.artifacts;

import com.pipelines.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Client errors about where artifacts go, rendered as RFC 9457 problem details. */
public class ArtifactException extends ErrorResponseException {

    private ArtifactException(HttpStatus status, String type, String title, String detail, String field) {
        super(status, ApiProblem.of(status, type, title, detail, field), null);
    }

    public static ArtifactException invalidRoot(String root, String why) {
        String shown = root.length() > 200 ? root.substring(0, 200) + "..." : root;
        return new ArtifactException(HttpStatus.BAD_REQUEST, "invalid-pipeline-root", "Invalid pipeline root",
                "pipelineRoot '" + shown + "' " + why, "pipelineRoot");
    }
}
