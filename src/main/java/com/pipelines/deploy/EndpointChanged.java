package com.pipelines.deploy;

/** An endpoint's deployed models or traffic split changed, or it was deleted. */
public record EndpointChanged(String endpointId) {
}
