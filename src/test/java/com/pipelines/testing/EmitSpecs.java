package com.pipelines.testing;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * PipelineSpecs built from the test component {@code emit} (see {@link TestPipelines#emitStep}): give the root DAG's
 * tasks as JSON bodies (without componentRef: every task runs comp-emit unless it names another component).
 */
public final class EmitSpecs {

    private EmitSpecs() {
    }

    public static final String EMIT_COMPONENT = """
            "comp-emit": {"executorLabel": "exec-emit",
              "inputDefinitions": {"parameters": {
                "mode": {"parameterType": "STRING", "isOptional": true},
                "text": {"parameterType": "STRING", "isOptional": true},
                "sleepMillis": {"parameterType": "NUMBER_INTEGER", "isOptional": true}}},
              "outputDefinitions": {"parameters": {"value": {"parameterType": "STRING"}}}}""";

    public static final String EMIT_EXECUTOR = """
            "exec-emit": {"container": {"image": "svc", "command": ["java", "-jar", "/opt/pipelines/app.jar"],
                                        "args": ["emit"]}}""";

    /** A pipeline of emit tasks; {@code extraComponents} (JSON members, may be empty) and root inputs as given. */
    public static String spec(String name, Map<String, String> tasks, String extraComponents, String rootInputs) {
        String body = tasks.entrySet().stream().map(task -> "\"" + task.getKey() + "\": {"
                        + (task.getValue().contains("componentRef") ? "" : "\"componentRef\": {\"name\": \"comp-emit\"}, ")
                        + "\"taskInfo\": {\"name\": \"" + task.getKey() + "\"}"
                        + (task.getValue().isBlank() ? "" : ", " + task.getValue()) + "}")
                .collect(Collectors.joining(",\n"));
        return "{\"pipelineInfo\": {\"name\": \"" + name + "\"}, \"schemaVersion\": \"2.1.0\",\n"
                + "\"components\": {" + EMIT_COMPONENT + (extraComponents.isBlank() ? "" : ",\n" + extraComponents)
                + "},\n\"deploymentSpec\": {\"executors\": {" + EMIT_EXECUTOR + "}},\n"
                + "\"root\": {" + (rootInputs.isBlank() ? "" : rootInputs + ", ") + "\"dag\": {\"tasks\": {" + body
                + "}}}}";
    }

    /** {@code "inputs": {"parameters": {...}}} with constants for the emit component. */
    public static String constants(String mode, String text, long sleepMillis) {
        return "\"inputs\": {\"parameters\": {\"mode\": {\"runtimeValue\": {\"constant\": \"" + mode + "\"}}, "
                + "\"text\": {\"runtimeValue\": {\"constant\": \"" + text + "\"}}, "
                + "\"sleepMillis\": {\"runtimeValue\": {\"constant\": " + sleepMillis + "}}}}";
    }
}
