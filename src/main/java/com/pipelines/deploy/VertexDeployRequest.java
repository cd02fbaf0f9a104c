package com.pipelines.deploy;

import java.util.UUID;

import com.google.cloud.aiplatform.v1.Model;
import com.google.cloud.aiplatform.v1.ModelContainerSpec;

/**
 * What target {@code vertex} needs to upload a model and deploy it; {@code endpoint} null creates a new one;
 * {@code modelAlias} (or null) makes it a new version of the model of that display name and moves the alias to it.
 */
record VertexDeployRequest(UUID runId, String project, String region, String displayName, String artifactUri,
                           String servingImage, String endpoint, String machineType, int minReplicaCount,
                           int maxReplicaCount, String acceleratorType, int acceleratorCount,
                           int trafficPercentage, String modelAlias) {

    String parent() {
        return "projects/" + project + "/locations/" + region;
    }

    /** An endpoint given by id becomes a full resource name in the run's project and region. */
    String endpointName() {
        return endpoint.contains("/") ? endpoint : parent() + "/endpoints/" + endpoint;
    }

    /** Vertex label values allow lowercase letters, digits, '-' and '_': a UUID fits as it is. */
    String runLabel() {
        return runId.toString();
    }

    /** The list filter that finds what an earlier attempt of this run made (models, versions, endpoints). */
    String runLabelFilter() {
        return "labels." + VertexDeployer.RUN_LABEL + "=\"" + runLabel() + "\"";
    }

    /** The model to upload, labelled with the run so a retried attempt finds it. */
    Model.Builder model() {
        return Model.newBuilder().setDisplayName(displayName).setArtifactUri(artifactUri)
                .setContainerSpec(ModelContainerSpec.newBuilder().setImageUri(servingImage))
                .putLabels(VertexDeployer.RUN_LABEL, runLabel());
    }
}
