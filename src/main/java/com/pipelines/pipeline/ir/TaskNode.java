package com.pipelines.pipeline.ir;

import java.util.List;
import java.util.Map;

/**
 * One task of a pipeline. {@code step} names the built-in step that executes it in-process; null for a sub-DAG
 * ({@code dag} true) and for a foreign container. {@code parent} is the sub-DAG task it belongs to, null at the
 * root. {@code dependsOn} names sibling tasks. Bindings are keyed by the component's input names.
 */
public record TaskNode(String name, String parent, String component, String step, boolean dag,
                       List<String> dependsOn, Map<String, Binding> parameters, Map<String, Binding> artifacts,
                       Condition condition, boolean enableCache, int maxRetries) {

    public TaskNode {
        dependsOn = List.copyOf(dependsOn);
        parameters = Map.copyOf(parameters);
        artifacts = Map.copyOf(artifacts);
    }

    /** Where an input's value comes from. */
    public sealed interface Binding {
    }

    /** An input of the enclosing DAG: a root parameter at the top level, a {@code pipelinechannel--} input inside. */
    public record ComponentInput(String name) implements Binding {
    }

    /** {@code runtimeValue.constant}; a string may hold {@code {{$.inputs.parameters['x']}}} placeholders. */
    public record Constant(Object value) implements Binding {
    }

    /** An output parameter or artifact of a sibling task. */
    public record TaskOutput(String producer, String key) implements Binding {
    }
}
