package com.pipelines.pipeline.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pipelines.pipeline.FieldViolation;

/** Reads a sub-DAG component's {@code dag.outputs} (dsl.Collected, dsl.OneOf, a nested pipeline's outputs). */
final class DagOutputsReader {

    private final Specs specs;
    private final String componentName;
    private final Map<String, Object> componentSpec;

    DagOutputsReader(Specs specs, String componentName, Map<String, Object> componentSpec) {
        this.specs = specs;
        this.componentName = componentName;
        this.componentSpec = componentSpec;
    }

    /** A sub-DAG's {@code dag.outputs}: each output's selectors, checked against the sub-DAG's own tasks. */
    Map<String, TaskNode.DagOutput> outputs() {
        Map<String, TaskNode.DagOutput> outputs = new LinkedHashMap<>();
        Map<String, Object> dagSpec = componentSpec.get("dag") instanceof Map<?, ?> d ? Specs.cast(d) : Map.of();
        Map<String, Object> inner = dagSpec.get("tasks") instanceof Map<?, ?> t ? Specs.cast(t) : Map.of();
        String at = "$.components." + componentName + ".dag.outputs";
        Map<String, Object> declared = specs.map(dagSpec, "outputs", at, false);
        if (declared == null) {
            return outputs;
        }
        for (String kind : List.of("parameters", "artifacts")) {
            Map<String, Object> byName = specs.map(declared, kind, at + "." + kind, false);
            if (byName == null) {
                continue;
            }
            byName.forEach((output, body) -> {
                String where = at + "." + kind + "." + output;
                List<TaskNode.Selector> selectors = selectors(kind, body, where, inner.keySet());
                if (!selectors.isEmpty()) {
                    outputs.put(output, new TaskNode.DagOutput(kind.equals("artifacts"), selectors));
                }
            });
        }
        return outputs;
    }

    private List<TaskNode.Selector> selectors(String kind, Object body, String at, Set<String> subtasks) {
        Map<String, Object> spec = body instanceof Map<?, ?> m ? Specs.cast(m) : null;
        List<?> raw;
        String keyField = kind.equals("artifacts") ? "outputArtifactKey" : "outputParameterKey";
        if (spec == null) {
            specs.errors().add(new FieldViolation(at, "must be an object"));
            return List.of();
        } else if (kind.equals("artifacts")) {
            raw = specs.list(spec, "artifactSelectors", at + ".artifactSelectors");
        } else if (spec.get("valueFromParameter") != null) {
            raw = List.of(spec.get("valueFromParameter"));
        } else if (spec.get("valueFromOneof") instanceof Map<?, ?> oneOf) {
            raw = specs.list(Specs.cast(oneOf), "parameterSelectors", at + ".valueFromOneof.parameterSelectors");
        } else {
            specs.errors().add(new FieldViolation(at, "must hold valueFromParameter or valueFromOneof"));
            return List.of();
        }
        List<TaskNode.Selector> selectors = new ArrayList<>();
        boolean wrong = false;
        for (Object selector : raw) {
            Map<String, Object> s = selector instanceof Map<?, ?> m ? Specs.cast(m) : Map.of();
            Object producer = s.get("producerSubtask");
            Object key = s.get(keyField);
            if (!(producer instanceof String p) || !subtasks.contains(p) || !(key instanceof String k)) {
                specs.errors().add(new FieldViolation(at, "selects " + producer + "." + key + ", which is no output of a "
                        + "task of " + componentName));
                wrong = true;
                continue;
            }
            selectors.add(new TaskNode.Selector(p, k));
        }
        if (selectors.isEmpty() && !wrong) {
            specs.errors().add(new FieldViolation(at, "selects no task output"));
        }
        return selectors;
    }
}
