package com.pipelines.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.pipeline.ir.PipelineGraph;
import com.pipelines.pipeline.ir.TaskNode;
import org.springframework.stereotype.Component;

/**
 * The outputs of a sub-DAG ({@code dag.outputs}) as its consumers read them: the selected task's output; of a loop,
 * the list of every iteration's, in item order, leaving out iterations a condition kept from running
 * (dsl.Collected); with several selectors, the first whose task ran (dsl.OneOf). Through nested sub-DAGs.
 */
@Component
class SubDagOutputs {

    private final OutputParameters outputs;
    private final RunArtifactRepository artifacts;

    SubDagOutputs(OutputParameters outputs, RunArtifactRepository artifacts) {
        this.outputs = outputs;
        this.artifacts = artifacts;
    }

    /** Output {@code key} of sub-DAG {@code dag} in iteration {@code suffix}: a value, an artifact, or a list. */
    Object value(UUID runId, PipelineGraph graph, TaskNode dag, String suffix, String key, Map<String, TaskRun> rows,
                 boolean artifact) {
        TaskNode.DagOutput output = dag.outputs().get(key);
        if (output == null || output.artifact() != artifact) {
            throw new TaskInputs.Unresolvable("sub-DAG " + dag.name() + " has no output " + (artifact ? "artifact "
                    : "parameter ") + key);
        }
        if (!dag.isLoop()) {
            return select(runId, graph, output, suffix, rows);
        }
        TaskRun loop = rows.get(dag.name() + suffix);
        Object items = loop == null || loop.inputs() == null ? null : loop.inputs().get(dag.iterator().itemInput());
        int iterations = items instanceof List<?> list ? list.size() : 0;
        List<Object> collected = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            try {
                collected.add(select(runId, graph, output, Iterations.suffix(Iterations.name("", i)), rows));
            } catch (TaskInputs.Unresolvable missing) {
                if (!missing.notTriggered()) {
                    throw missing;
                }
            }
        }
        return collected;
    }

    private Object select(UUID runId, PipelineGraph graph, TaskNode.DagOutput output, String suffix,
                          Map<String, TaskRun> rows) {
        TaskInputs.Unresolvable last = null;
        for (TaskNode.Selector selector : output.selectors()) {
            String row = selector.producer() + suffix;
            TaskRun producer = rows.get(row);
            if (producer != null && producer.state() == TaskState.NOT_TRIGGERED) {
                last = new TaskInputs.Unresolvable("task " + row + " was not triggered", true);
                continue;
            }
            if (producer == null || !producer.state().hasOutputs()) {
                throw new TaskInputs.Unresolvable("it comes from task " + row + ", which " + (producer == null
                        ? "does not exist" : "ended " + producer.state()));
            }
            TaskNode node = graph.task(selector.producer()).orElseThrow();
            if (node.dag()) {
                return value(runId, graph, node, suffix, selector.key(), rows, output.artifact());
            }
            if (output.artifact()) {
                RunArtifact found = artifacts.findByRunIdAndTaskNameAndName(runId, row, selector.key())
                        .orElseThrow(() -> new TaskInputs.Unresolvable("task " + row + " recorded no artifact "
                                + selector.key()));
                return new RecordedArtifact(found.taskName(), found.name(), found.type(), found.uri(),
                        found.metadata());
            }
            Map<String, Object> values = outputs.of(runId, row);
            if (!values.containsKey(selector.key())) {
                throw new TaskInputs.Unresolvable("task " + row + " recorded no output parameter " + selector.key());
            }
            return values.get(selector.key());
        }
        throw last != null ? last : new TaskInputs.Unresolvable("no task of the sub-DAG was selected", true);
    }
}
