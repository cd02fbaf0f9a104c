package com.pipelines.serving;

import java.util.List;
import java.util.Map;

import com.pipelines.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A prediction request that cannot be served as sent, named down to the instance at fault. */
class ServingException extends ErrorResponseException {

    private ServingException(HttpStatus status, String type, String title, String field, String detail) {
        super(status, ApiProblem.of(status, type, title, field + ": " + detail,
                List.of(Map.of("field", field, "message", detail))), null);
    }

    static ServingException badInstance(String field, String detail) {
        return new ServingException(HttpStatus.BAD_REQUEST, "invalid-instances", "Invalid instances", field, detail);
    }

    static ServingException invalidMonitoring(String field, String detail) {
        return new ServingException(HttpStatus.BAD_REQUEST, "invalid-monitoring", "Invalid model monitoring", field,
                detail);
    }

    /** 503: the deployed model exists but cannot answer now; the client may try again or the operator redeploy. */
    static ServingException modelUnavailable(String deployedModelId, String detail) {
        return new ServingException(HttpStatus.SERVICE_UNAVAILABLE, "model-unavailable", "Model unavailable",
                "deployedModelId", "deployed model " + deployedModelId + " " + detail);
    }

    static ServingException nothingDeployed(String endpoint) {
        return new ServingException(HttpStatus.BAD_REQUEST, "no-deployed-model", "No model deployed", "endpoint",
                "endpoint " + endpoint + " has no deployed model taking traffic");
    }
}
