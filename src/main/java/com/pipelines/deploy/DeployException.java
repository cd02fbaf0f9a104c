package com.pipelines.deploy;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Client errors about models, endpoints and traffic splits, as RFC 9457 problem details. */
public class DeployException extends ErrorResponseException {

    private DeployException(HttpStatus status, String type, String title, String detail, String field) {
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

    public static DeployException endpointNotFound(String endpoint) {
        return new DeployException(HttpStatus.NOT_FOUND, "endpoint-not-found", "Endpoint not found",
                "No endpoint " + endpoint, "endpoint");
    }

    public static DeployException modelNotFound(String model) {
        return new DeployException(HttpStatus.NOT_FOUND, "model-not-found", "Model not found", "No model " + model,
                "model");
    }

    public static DeployException deployedModelNotFound(String id) {
        return new DeployException(HttpStatus.NOT_FOUND, "deployed-model-not-found", "Deployed model not found",
                "No deployed model " + id + " on this endpoint", "deployedModelId");
    }

    public static DeployException invalidTrafficSplit(String why) {
        return new DeployException(HttpStatus.BAD_REQUEST, "invalid-traffic-split", "Invalid traffic split", why,
                "trafficSplit");
    }

    public static DeployException endpointInUse(String endpoint) {
        return new DeployException(HttpStatus.CONFLICT, "endpoint-has-deployed-models", "Endpoint in use",
                "Endpoint " + endpoint + " still has deployed models; undeploy them first", "endpoint");
    }
}
