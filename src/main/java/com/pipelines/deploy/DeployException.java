package com.pipelines.deploy;

import com.pipelines.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Client errors about models, endpoints and traffic splits, as RFC 9457 problem details. */
public class DeployException extends ErrorResponseException {

    private DeployException(HttpStatus status, String type, String title, String detail, String field) {
        super(status, ApiProblem.of(status, type, title, detail, field), null);
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

    public static DeployException aliasNotFound(String model, String alias) {
        return new DeployException(HttpStatus.NOT_FOUND, "alias-not-found", "Alias not found",
                "Model " + model + " has no alias '" + alias + "'", "alias");
    }

    public static DeployException invalidAlias(String alias, String why) {
        return new DeployException(HttpStatus.BAD_REQUEST, "invalid-alias", "Invalid alias",
                "alias '" + alias + "': " + why, "alias");
    }

    public static DeployException aliasInUse(String model, String alias) {
        return new DeployException(HttpStatus.CONFLICT, "alias-in-use", "Alias in use",
                "Deployments follow " + model + "@" + alias + "; move the alias, or undeploy them, instead", "alias");
    }

    public static DeployException versionInUse(RegisteredModel version, String why) {
        return new DeployException(HttpStatus.CONFLICT, "model-version-in-use", "Model version in use",
                "Version " + version.versionId() + " of " + version.displayName() + " cannot be deleted: " + why,
                "version");
    }

    public static DeployException invalidModel(String field, String why) {
        return new DeployException(HttpStatus.BAD_REQUEST, "invalid-model", "Invalid model", why, field);
    }

    public static DeployException endpointInUse(String endpoint) {
        return new DeployException(HttpStatus.CONFLICT, "endpoint-has-deployed-models", "Endpoint in use",
                "Endpoint " + endpoint + " still has deployed models; undeploy them first", "endpoint");
    }
}
