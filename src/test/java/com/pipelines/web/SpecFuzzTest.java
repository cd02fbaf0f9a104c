package com.pipelines.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EmitSpecs;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Spec-shaped fuzz (seeded, so a failure replays): random mutations of valid PipelineSpecs and of their conditions.
 * Every upload is a 201 or a 400 problem, never a 5xx; every stored mutant that runs in-process ends — SUCCEEDED, or
 * FAILED/CANCELLED with a reason — or its submission is a 4xx.
 */
@EngineTest
class SpecFuzzTest {

    private static final long SEED = 20261202L;
    private static final int MUTANTS = 250;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] CEL = {"inputs.parameter_values['pipelinechannel--a-value']", "int(", "double(",
            "string(", "bool(", ")", "(", "==", "!=", "<", ">=", "&&", "||", "!", "'x'", "\"1\"", "1", "2.5", "-3",
            "true", "false", "null", "1e400", "size(", "[", "]", "in", ".", "'"};

    @LocalServerPort
    int port;

    private final Random random = new Random(SEED);

    private String base() {
        Map<String, String> tasks = new LinkedHashMap<>();
        tasks.put("a", EmitSpecs.constants("record", "1", 0));
        tasks.put("b", "\"dependentTasks\": [\"a\"], \"inputs\": {\"parameters\": {\"text\": {\"taskOutputParameter\": "
                + "{\"producerTask\": \"a\", \"outputParameterKey\": \"value\"}}}}");
        tasks.put("condition-1", "\"componentRef\": {\"name\": \"comp-condition-1\"}, \"dependentTasks\": [\"a\"], "
                + "\"inputs\": {\"parameters\": {\"pipelinechannel--a-value\": {\"taskOutputParameter\": "
                + "{\"producerTask\": \"a\", \"outputParameterKey\": \"value\"}}}}, \"triggerPolicy\": {\"condition\": "
                + "\"inputs.parameter_values['pipelinechannel--a-value'] == '1'\"}");
        String condition = "\"comp-condition-1\": {\"dag\": {\"tasks\": {\"inside\": {\"componentRef\": {\"name\": "
                + "\"comp-emit\"}, \"taskInfo\": {\"name\": \"inside\"}, \"inputs\": {\"parameters\": {\"text\": "
                + "{\"componentInputParameter\": \"pipelinechannel--a-value\"}}}}}}, \"inputDefinitions\": "
                + "{\"parameters\": {\"pipelinechannel--a-value\": {\"parameterType\": \"STRING\"}}}}";
        return EmitSpecs.spec("fuzz", tasks, condition, "");
    }

    @Test
    void mutatedSpecsAreRefusedOrRunToAnEnd() {
        ApiClient api = new ApiClient(port);
        String base = base();
        assertThat(api.post("/api/v1/pipelines?name=fuzz-base", base).status()).isEqualTo(201);
        List<UUID> runs = new ArrayList<>();
        int stored = 0;
        for (int i = 0; i < MUTANTS; i++) {
            ObjectNode spec = (ObjectNode) JSON.readTree(base);
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                mutate(spec);
            }
            String name = "fuzz-" + i;
            ApiClient.Response upload = api.post("/api/v1/pipelines?name=" + name, spec.toString());
            assertThat(upload.status()).as("mutant %d: %s → %s", i, spec, upload.body()).isIn(201, 400);
            if (upload.status() == 400) {
                assertThat(upload.contentType()).startsWith("application/problem+json");
                assertThat(upload.body()).doesNotContain("Exception").doesNotContain("\tat ");
                continue;
            }
            stored++;
            if (runs.size() < 20) {
                ApiClient.Response run = api.post("/api/v1/runs", "{\"pipelineName\": \"" + name + "\"}");
                assertThat(run.status()).as("mutant %d run: %s", i, run.body()).isIn(202, 400);
                if (run.status() == 202) {
                    runs.add(UUID.fromString(run.json().get("id").asString()));
                }
            }
        }
        assertThat(stored).as("some mutants are still valid").isPositive();
        for (UUID id : runs) {
            JsonNode ended = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"),
                    Duration.ofSeconds(60));
            if (!ended.get("state").asString().equals("SUCCEEDED")) {
                assertThat(ended.get("error").asString()).as(ended.toString()).isNotBlank();
            }
        }
    }

    private void mutate(ObjectNode spec) {
        List<JsonNode> containers = new ArrayList<>();
        collect(spec, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object && !object.isEmpty()) {
            List<String> keys = new ArrayList<>(object.propertyNames());
            String key = keys.get(random.nextInt(keys.size()));
            switch (random.nextInt(5)) {
                case 0 -> object.remove(key);
                case 1 -> object.set(key, randomValue());
                case 2 -> object.set(key + (random.nextBoolean() ? "x" : ""), object.get(key));
                case 3 -> object.set("condition", NODES.stringNode(condition()));
                default -> {
                    if (key.equals("condition") || random.nextBoolean()) {
                        object.put(key, condition());
                    } else {
                        object.set(key, NODES.objectNode());
                    }
                }
            }
        } else if (target instanceof ArrayNode array && !array.isEmpty()) {
            array.set(random.nextInt(array.size()), randomValue());
        }
    }

    private String condition() {
        StringBuilder text = new StringBuilder();
        int tokens = 1 + random.nextInt(12);
        for (int i = 0; i < tokens; i++) {
            text.append(CEL[random.nextInt(CEL.length)]).append(random.nextBoolean() ? " " : "");
        }
        return text.toString();
    }

    private JsonNode randomValue() {
        return switch (random.nextInt(9)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(random.nextInt(2) == 0 ? 1e20 : -1);
            case 2 -> NODES.stringNode("{{$.pipeline_nope}}");
            case 3 -> NODES.stringNode("a".repeat(random.nextInt(3000)));
            case 4 -> NODES.arrayNode().add(1).add("x");
            case 5 -> NODES.objectNode().put("componentInputParameter", "nope");
            case 6 -> NODES.booleanNode(true);
            case 7 -> NODES.objectNode().set("taskOutputParameter", NODES.objectNode().put("producerTask", "a")
                    .put("outputParameterKey", random.nextBoolean() ? "value" : "nope"));
            default -> NODES.stringNode(condition());
        };
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainer()) {
            out.add(node);
            for (JsonNode child : node) {
                collect(child, out);
            }
        }
    }
}
