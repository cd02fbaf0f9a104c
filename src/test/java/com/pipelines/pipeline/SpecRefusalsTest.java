package com.pipelines.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.function.Consumer;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Invalid IR is refused at upload with a 400 naming the JSON path and the problem, and nothing is stored; valid IR
 * the in-process engine does not run is stored, says so by name, and an in-process run of it is refused.
 */
@EngineTest
class SpecRefusalsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    private void refused(Consumer<ObjectNode> change, String field, String message) {
        ObjectNode spec = (ObjectNode) JSON.readTree(PipelinesAsDataTest.fixture());
        change.accept(spec);
        refused(spec.toString(), field, message);
    }

    private void refused(String body, String field, String message) {
        String name = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response response = api.post("/api/v1/pipelines?name=" + name, body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode errors = response.json().get("errors");
        boolean found = false;
        for (JsonNode error : errors) {
            found |= error.get("field").asString().equals(field) && error.get("message").asString().contains(message);
        }
        assertThat(found).as("expected %s: %s in %s", field, message, response.body()).isTrue();
        assertThat(api.get("/api/v1/pipelines/" + name + "/versions").status()).isEqualTo(404);
    }

    private static ObjectNode rootTask(ObjectNode spec, String task) {
        return (ObjectNode) spec.get("root").get("dag").get("tasks").get(task);
    }

    @Test
    void brokenWiringIsRefusedWithItsPath() {
        refused(spec -> rootTask(spec, "train-cnn").putObject("componentRef").put("name", "comp-nope"),
                "$.root.dag.tasks.train-cnn.componentRef.name", "unknown component comp-nope");
        refused(spec -> ((ObjectNode) spec.get("components").get("comp-train")).put("executorLabel", "exec-nope"),
                "$.components.comp-train.executorLabel", "unknown executor exec-nope");
        refused(spec -> rootTask(spec, "train-linear").putArray("dependentTasks").add("condition-1"),
                "$.root.dag.tasks.condition-1.dependentTasks", "cycle: condition-1 → train-linear → condition-1");
        refused(spec -> ((ObjectNode) rootTask(spec, "condition-1").get("inputs").get("parameters")
                        .get("pipelinechannel--train-cnn-accuracy").get("taskOutputParameter"))
                        .put("producerTask", "train-gpu"),
                "$.root.dag.tasks.condition-1.inputs.parameters.pipelinechannel--train-cnn-accuracy"
                        + ".taskOutputParameter.producerTask", "no task named train-gpu");
        refused(spec -> ((ObjectNode) rootTask(spec, "condition-1").get("inputs").get("parameters")
                        .get("pipelinechannel--train-cnn-accuracy").get("taskOutputParameter"))
                        .put("outputParameterKey", "f1"),
                "$.root.dag.tasks.condition-1.inputs.parameters.pipelinechannel--train-cnn-accuracy"
                        + ".taskOutputParameter.outputParameterKey", "task train-cnn has no output parameter f1");
        refused(spec -> ((ObjectNode) rootTask(spec, "train-cnn").get("inputs").get("parameters").get("epochs")
                        .get("runtimeValue")).put("constant", "three"),
                "$.root.dag.tasks.train-cnn.inputs.parameters.epochs.runtimeValue.constant", "type mismatch");
        refused(spec -> ((ObjectNode) rootTask(spec, "train-cnn").get("inputs").get("parameters").get("epochs")
                        .get("runtimeValue")).put("constant", 1001),
                "$.root.dag.tasks.train-cnn.inputs.parameters.epochs.runtimeValue.constant", "<= 1000");
        refused(spec -> ((ObjectNode) rootTask(spec, "train-cnn").get("inputs").get("parameters"))
                        .putObject("colour").put("componentInputParameter", "dataset"),
                "$.root.dag.tasks.train-cnn.inputs.parameters.colour", "has no input parameter colour");
        refused(spec -> ((ObjectNode) spec.get("root").get("inputDefinitions").get("parameters").get("train_limit"))
                        .put("parameterType", "STRING"),
                "$.root.dag.tasks.train-cnn.inputs.parameters.trainLimit", "type mismatch");
    }

    /**
     * Valid IR the in-process engine does not run: stored (201), the version says what and where, an in-process run of
     * it is a 400 naming the construct, nothing run.
     */
    private void notRunnable(Consumer<ObjectNode> change, String path, String construct) {
        ObjectNode spec = (ObjectNode) JSON.readTree(PipelinesAsDataTest.fixture());
        change.accept(spec);
        String name = "gap-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response response = api.post("/api/v1/pipelines?name=" + name, spec.toString());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode version = response.json();
        assertThat(version.get("runnableInProcess").asBoolean()).isFalse();
        boolean found = false;
        for (JsonNode gap : version.get("notRunnableInProcess")) {
            found |= gap.get("path").asString().equals(path) && gap.get("construct").asString().equals(construct);
        }
        assertThat(found).as("expected %s at %s in %s", construct, path, response.body()).isTrue();
        ApiClient.Response run = api.post("/api/v1/runs", "{\"pipelineName\": \"" + name + "\"}");
        assertThat(run.status()).as(run.body()).isEqualTo(400);
        assertThat(run.json().get("errors").get(0).get("field").asString()).isEqualTo("executor");
        assertThat(run.body()).contains(construct).contains(path).contains("vertex-pipelines");
    }

    @Test
    void conditionsOutsideTheSubsetAreStoredButNotRunInProcess() {
        notRunnable(spec -> ((ObjectNode) rootTask(spec, "condition-1").get("triggerPolicy"))
                        .put("condition", "size(inputs.parameter_values['pipelinechannel--min_accuracy']) > 1"),
                "$.root.dag.tasks.condition-1.triggerPolicy.condition", "dsl.If condition");
        refused(spec -> ((ObjectNode) rootTask(spec, "condition-1").get("triggerPolicy"))
                        .put("condition", "inputs.parameter_values['pipelinechannel--nope'] == 1"),
                "$.root.dag.tasks.condition-1.triggerPolicy.condition", "reads pipelinechannel--nope");
    }

    @Test
    void conditionsPastTheirBoundsAreRefusedNeverOverflowingTheStack() {
        String input = "inputs.parameter_values['pipelinechannel--train-cnn-accuracy'] > 0.5";
        refused(spec -> ((ObjectNode) rootTask(spec, "condition-1").get("triggerPolicy"))
                        .put("condition", "!".repeat(200_000) + input),
                "$.root.dag.tasks.condition-1.triggerPolicy.condition", "characters long");
        refused(spec -> ((ObjectNode) rootTask(spec, "condition-1").get("triggerPolicy"))
                        .put("condition", "(".repeat(4_000) + input + ")".repeat(4_000)),
                "$.root.dag.tasks.condition-1.triggerPolicy.condition", "nests deeper than");
        refused(spec -> ((ObjectNode) rootTask(spec, "condition-1").get("triggerPolicy"))
                        .put("condition", String.join(" && ", java.util.Collections.nCopies(900, "true")) + " && " + input),
                "$.root.dag.tasks.condition-1.triggerPolicy.condition", "operators");
    }

    @Test
    void whatTheEngineDoesNotRunIsStoredAndRefusedInProcessByName() {
        refused(spec -> rootTask(spec, "train-cnn").putObject("parameterIterator").put("itemInput", "x"),
                "$.root.dag.tasks.train-cnn.parameterIterator", "a loop must run a sub-DAG component");
        notRunnable(spec -> rootTask(spec, "train-cnn").putObject("artifactIterator").put("itemInput", "x"),
                "$.root.dag.tasks.train-cnn.artifactIterator", "dsl.ParallelFor over artifacts");
        notRunnable(spec -> ((ObjectNode) rootTask(spec, "train-cnn").get("inputs").get("parameters").get("dataset"))
                        .put("parameterExpressionSelector", "parseJson(string_value)[\"a\"]"),
                "$.root.dag.tasks.train-cnn.inputs.parameters.dataset.parameterExpressionSelector",
                "a field of a loop item or struct");
        refused(spec -> ((ObjectNode) rootTask(spec, "condition-1").get("triggerPolicy"))
                        .put("strategy", "WHEN_IT_RAINS"),
                "$.root.dag.tasks.condition-1.triggerPolicy.strategy", "must be ALL_UPSTREAM_TASKS_SUCCEEDED");
        notRunnable(spec -> ((ObjectNode) spec.get("deploymentSpec").get("executors")).putObject("exec-train")
                        .putObject("importer").put("artifactUri", "gs://b/m"),
                "$.deploymentSpec.executors.exec-train.importer", "dsl.importer");
        refused(spec -> ((ObjectNode) spec.get("deploymentSpec").get("executors").get("exec-train").get("container"))
                        .putArray("args").add("fly"),
                "$.deploymentSpec.executors.exec-train.container.args", "unknown command 'fly'");
        refused(spec -> ((ObjectNode) rootTask(spec, "train-cnn").get("inputs").get("parameters").get("epochs")
                        .get("runtimeValue")).put("constant", 1e20),
                "$.root.dag.tasks.train-cnn.inputs.parameters.epochs.runtimeValue.constant", "type mismatch");
    }

    @Test
    void aDefaultPipelineRootIsStoredAndNotedAsNotAppliedInProcess() {
        ObjectNode spec = (ObjectNode) JSON.readTree(PipelinesAsDataTest.fixture());
        spec.put("defaultPipelineRoot", "gs://b/root");
        ApiClient.Response response = api.post("/api/v1/pipelines?name=root-" + UUID.randomUUID().toString()
                .substring(0, 8), spec.toString());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().get("runnableInProcess").asBoolean()).isTrue();
        assertThat(response.json().get("notAppliedInProcess").get(0).get("path").asString())
                .isEqualTo("$.defaultPipelineRoot");
    }

    @Test
    void malformedDocumentsAreRefused() {
        refused("{\"root\": ", "body", "is not valid JSON");
        refused("{\"a\": 1, \"a\": 2}", "body", "Duplicate Object property");
        refused("[1, 2]", "body", "must be a PipelineSpec object");
        refused("null", "body", "must be a PipelineSpec object");
        refused("{\"schemaVersion\": \"1.0\"}", "$.schemaVersion", "KFP v2 schema version");
        refused("{\"schemaVersion\": \"2.1.0\"}", "$.root", "is required");
    }
}
