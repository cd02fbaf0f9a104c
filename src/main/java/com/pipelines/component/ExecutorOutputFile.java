package com.pipelines.component;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.artifacts.PipelineRoots;
import com.pipelines.pipeline.ArtifactSpec;
import com.pipelines.pipeline.RecordedArtifact;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The KFP v2 handshake with the launcher ({@code pipeline_spec.proto}): the ExecutorInput arrives as JSON through
 * {@code --executor-input {{$}}}; the component answers with an ExecutorOutput written to
 * {@code outputs.outputFile}, giving each output artifact its metadata. That is how a Vertex AI PipelineJob's task
 * details come to carry the metrics, the output parameters ({@code parameterValues}, read by downstream tasks
 * and conditions) ({@code system.Metrics} metadata) and the deployed resource names.
 */
final class ExecutorOutputFile {

    private ExecutorOutputFile() {
    }

    static void write(String executorInput, Map<String, RecordedArtifact> recorded, Map<String, Object> metrics,
                      Map<String, Object> outputParameters, JsonMapper json, ArtifactStorage storage) throws IOException {
        JsonNode input = json.readTree(executorInput);
        String outputFile = input.path("outputs").path("outputFile").asString(null);
        if (outputFile == null || outputFile.isEmpty()) {
            return;
        }
        Map<String, Object> artifacts = new LinkedHashMap<>();
        for (RecordedArtifact artifact : recorded.values()) {
            JsonNode declared = input.path("outputs").path("artifacts").path(artifact.name()).path("artifacts")
                    .path(0);
            Map<String, Object> runtime = new LinkedHashMap<>();
            if (declared.has("name")) {
                runtime.put("name", declared.get("name").asString());
            }
            runtime.put("uri", declared.has("uri") ? declared.get("uri").asString() : artifact.uri());
            runtime.put("metadata", metadata(artifact, metrics));
            artifacts.put(artifact.name(), Map.of("artifacts", List.of(runtime)));
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("artifacts", artifacts);
        if (!outputParameters.isEmpty()) {
            output.put("parameterValues", outputParameters);
        }
        OutputLocation.write(outputFile, json.writeValueAsBytes(output), storage);
    }

    /** Metrics artifacts carry the logged metrics; a resource (a Vertex model, endpoint) carries its name. */
    private static Map<String, Object> metadata(RecordedArtifact artifact, Map<String, Object> metrics) {
        Map<String, Object> metadata = new LinkedHashMap<>(artifact.metadata());
        if (ArtifactSpec.METRICS.equals(artifact.type())) {
            metadata.putAll(metrics);
        }
        if (!PipelineRoots.isGcs(artifact.uri()) && artifact.uri().contains("/locations/")) {
            metadata.put("resourceName", artifact.uri());
        }
        return metadata;
    }
}
