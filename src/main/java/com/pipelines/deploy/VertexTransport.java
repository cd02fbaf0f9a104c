package com.pipelines.deploy;

import com.google.api.gax.rpc.ClientSettings;

/**
 * How a Vertex AI client reaches the service. In production: the regional endpoint with Application Default
 * Credentials ({@link #regional}). Tests and emulators supply another channel to the same, real client.
 */
@FunctionalInterface
public interface VertexTransport {

    void configure(ClientSettings.Builder<?, ?> settings, String region);

    static VertexTransport regional(VertexProperties properties) {
        return (settings, region) -> settings.setEndpoint(properties.endpointFor(region));
    }
}
