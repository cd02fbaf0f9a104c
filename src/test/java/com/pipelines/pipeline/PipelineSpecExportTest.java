package com.pipelines.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * The KFP v2 export: every field of the JSON is checked against the messages of KFP's {@code pipeline_spec.proto}
 * (api/v2alpha1, JSON names), then the seed pipeline's particulars are asserted.
 */
@EngineTest
class PipelineSpecExportTest {

    /** Message → field → type of its value: another message, "map:Message", "list" or "scalar". */
    private static final Map<String, Map<String, String>> PROTO = Map.ofEntries(
            Map.entry("PipelineSpec", Map.of("pipelineInfo", "PipelineInfo", "deploymentSpec", "DeploymentSpec",
                    "sdkVersion", "scalar", "schemaVersion", "scalar", "components", "map:ComponentSpec",
                    "root", "ComponentSpec", "defaultPipelineRoot", "scalar")),
            Map.entry("PipelineInfo", Map.of("name", "scalar", "displayName", "scalar", "description", "scalar")),
            Map.entry("DeploymentSpec", Map.of("executors", "map:ExecutorSpec")),
            Map.entry("ExecutorSpec", Map.of("container", "PipelineContainerSpec", "importer", "scalar",
                    "resolver", "scalar", "customJob", "scalar")),
            Map.entry("PipelineContainerSpec", Map.of("image", "scalar", "command", "list", "args", "list",
                    "lifecycle", "scalar", "resources", "scalar", "env", "list", "config", "scalar")),
            Map.entry("ComponentSpec", Map.of("inputDefinitions", "ComponentInputsSpec",
                    "outputDefinitions", "ComponentOutputsSpec", "dag", "DagSpec", "executorLabel", "scalar",
                    "singlePlatformSpecs", "list", "taskConfigPassthroughs", "list")),
            Map.entry("ComponentInputsSpec", Map.of("artifacts", "map:InputArtifactDefinition",
                    "parameters", "map:InputParameterDefinition")),
            Map.entry("ComponentOutputsSpec", Map.of("artifacts", "map:OutputArtifactDefinition",
                    "parameters", "map:OutputParameterDefinition")),
            Map.entry("InputArtifactDefinition", Map.of("artifactType", "ArtifactTypeSchema",
                    "isArtifactList", "scalar", "isOptional", "scalar", "description", "scalar")),
            Map.entry("OutputArtifactDefinition", Map.of("artifactType", "ArtifactTypeSchema", "properties", "scalar",
                    "customProperties", "scalar", "metadata", "scalar", "isArtifactList", "scalar",
                    "description", "scalar")),
            Map.entry("InputParameterDefinition", Map.of("type", "scalar", "parameterType", "ParameterType",
                    "defaultValue", "scalar", "isOptional", "scalar", "description", "scalar")),
            Map.entry("OutputParameterDefinition", Map.of("type", "scalar", "parameterType", "ParameterType",
                    "description", "scalar")),
            Map.entry("ArtifactTypeSchema", Map.of("schemaTitle", "scalar", "schemaUri", "scalar",
                    "instanceSchema", "scalar", "schemaVersion", "scalar")),
            Map.entry("DagSpec", Map.of("tasks", "map:PipelineTaskSpec", "outputs", "scalar")),
            Map.entry("PipelineTaskSpec", Map.ofEntries(Map.entry("taskInfo", "PipelineTaskInfo"),
                    Map.entry("inputs", "TaskInputsSpec"), Map.entry("dependentTasks", "list"),
                    Map.entry("cachingOptions", "CachingOptions"), Map.entry("componentRef", "ComponentRef"),
                    Map.entry("triggerPolicy", "scalar"), Map.entry("parameterIterator", "scalar"),
                    Map.entry("artifactIterator", "scalar"), Map.entry("retryPolicy", "scalar"),
                    Map.entry("iteratorPolicy", "scalar"))),
            Map.entry("PipelineTaskInfo", Map.of("name", "scalar")),
            Map.entry("CachingOptions", Map.of("enableCache", "scalar", "cacheKey", "scalar")),
            Map.entry("ComponentRef", Map.of("name", "scalar")),
            Map.entry("TaskInputsSpec", Map.of("parameters", "map:InputParameterSpec",
                    "artifacts", "map:InputArtifactSpec")),
            Map.entry("InputArtifactSpec", Map.of("taskOutputArtifact", "TaskOutputArtifactSpec",
                    "componentInputArtifact", "scalar")),
            Map.entry("TaskOutputArtifactSpec", Map.of("producerTask", "scalar", "outputArtifactKey", "scalar")),
            Map.entry("InputParameterSpec", Map.of("taskOutputParameter", "scalar", "runtimeValue", "scalar",
                    "componentInputParameter", "scalar", "taskFinalStatus", "scalar",
                    "parameterExpressionSelector", "scalar")));
    private static final List<String> PARAMETER_TYPES = List.of("NUMBER_DOUBLE", "NUMBER_INTEGER", "STRING",
            "BOOLEAN", "LIST", "STRUCT", "TASK_FINAL_STATUS");

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    @Test
    void theSeedPipelineCompilesToAPipelineSpecOfKfpsShape() {
        ApiClient.Response response = api.get("/api/v1/pipelines/simple-mnist-pipeline/spec");
        assertThat(response.status()).isEqualTo(200);
        JsonNode spec = response.json();
        List<String> problems = new ArrayList<>();
        check(spec, "PipelineSpec", "$", problems);
        assertThat(problems).isEmpty();

        assertThat(spec.get("schemaVersion").asString()).isEqualTo("2.1.0");
        assertThat(spec.get("pipelineInfo").get("name").asString()).isEqualTo("simple-mnist-pipeline");
        JsonNode training = spec.get("components").get("comp-load-data-and-training");
        assertThat(training.get("executorLabel").asString()).isEqualTo("exec-load-data-and-training");
        assertThat(type(training.get("outputDefinitions").get("artifacts").get("output_model"))).isEqualTo("system.Model");
        assertThat(type(training.get("outputDefinitions").get("artifacts").get("metrics"))).isEqualTo("system.Metrics");
        JsonNode deploy = spec.get("components").get("comp-deploy-model");
        assertThat(type(deploy.get("inputDefinitions").get("artifacts").get("output_model"))).isEqualTo("system.Model");
        assertThat(type(deploy.get("outputDefinitions").get("artifacts").get("vertex_endpoint"))).isEqualTo("system.Artifact");
        assertThat(deploy.get("inputDefinitions").get("parameters").get("project").get("parameterType").asString())
                .isEqualTo("STRING");

        JsonNode executor = spec.get("deploymentSpec").get("executors").get("exec-load-data-and-training").get("container");
        assertThat(executor.get("image").asString()).isEqualTo("pipelines-service:latest");
        assertThat(executor.get("args").toString()).contains("\"train\"", "\"--output-model\"",
                "{{$.outputs.artifacts['output_model'].path}}", "{{$.inputs.parameters['dataset']}}");

        JsonNode tasks = spec.get("root").get("dag").get("tasks");
        assertThat(tasks.get("deploy-model").get("dependentTasks").get(0).asString()).isEqualTo("load-data-and-training");
        JsonNode modelInput = tasks.get("deploy-model").get("inputs").get("artifacts").get("output_model")
                .get("taskOutputArtifact");
        assertThat(modelInput.get("producerTask").asString()).isEqualTo("load-data-and-training");
        assertThat(modelInput.get("outputArtifactKey").asString()).isEqualTo("output_model");
        assertThat(tasks.get("deploy-model").get("inputs").get("parameters").get("region")
                .get("componentInputParameter").asString()).isEqualTo("region");
        JsonNode rootParameters = spec.get("root").get("inputDefinitions").get("parameters");
        assertThat(rootParameters.get("project").get("defaultValue").asString()).isEqualTo("local-project");
        assertThat(rootParameters.get("region").get("defaultValue").asString()).isEqualTo("us-central1");
        assertThat(rootParameters.get("epochs").get("parameterType").asString()).isEqualTo("NUMBER_INTEGER");
    }

    @Test
    void aTaskExportsAsAComponentYaml() {
        ApiClient.Response response = api.get("/api/v1/pipelines/simple-mnist-pipeline/components/deploy-model");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/yaml");
        Map<String, Object> component = new Yaml().load(response.body());
        JsonNode asJson = new tools.jackson.databind.json.JsonMapper().valueToTree(component);
        List<String> problems = new ArrayList<>();
        check(asJson, "PipelineSpec", "$", problems);
        assertThat(problems).isEmpty();
        assertThat(asJson.get("components").propertyNames()).containsExactly("comp-deploy-model");
        assertThat(asJson.get("root").get("inputDefinitions").get("parameters").get("region").get("defaultValue")
                .asString()).isEqualTo("us-central1");
        assertThat(api.get("/api/v1/pipelines/simple-mnist-pipeline/components/nope").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/pipelines/nope/spec").status()).isEqualTo(404);
    }

    private static String type(JsonNode artifact) {
        return artifact.get("artifactType").get("schemaTitle").asString();
    }

    private static void check(JsonNode node, String message, String path, List<String> problems) {
        if (message.equals("scalar") || message.equals("list")) {
            return;
        }
        if (message.equals("ParameterType")) {
            if (!PARAMETER_TYPES.contains(node.asString())) {
                problems.add(path + ": not a ParameterType: " + node);
            }
            return;
        }
        if (message.startsWith("map:")) {
            node.properties().forEach(e -> check(e.getValue(), message.substring(4), path + "." + e.getKey(), problems));
            return;
        }
        Map<String, String> fields = PROTO.get(message);
        if (!node.isObject()) {
            problems.add(path + ": " + message + " must be an object");
            return;
        }
        node.properties().forEach(e -> {
            String fieldType = fields.get(e.getKey());
            if (fieldType == null) {
                problems.add(path + "." + e.getKey() + ": no such field in " + message);
            } else {
                check(e.getValue(), fieldType, path + "." + e.getKey(), problems);
            }
        });
    }
}
