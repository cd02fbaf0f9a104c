package com.pipelines.deploy;

import java.util.Map;

/** What Vertex AI answered: the resource names recorded on the run. */
record VertexDeployment(String modelName, String modelVersionId, String endpointName, String deployedModelId,
                        Map<String, Integer> trafficSplit) {
}
