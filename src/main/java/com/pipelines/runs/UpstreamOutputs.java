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
 * The one reader of what an upstream task produced, for the tasks that consume it: an output parameter or artifact
 * of a step; of a sub-DAG ({@code dag.outputs}) the selected task's — of a loop, the list of every iteration's in
 * item order, leaving out iterations a condition kept from running (dsl.Collected); with several selectors, the
 * first whose task ran (dsl.OneOf) — through nested sub-DAGs. A producer a condition kept from running is an
 * {@link TaskInputs.Unresolvable} marked not triggered; any other missing output is a plain one.
 */
@Component
class UpstreamOutputs {

    private final OutputParameters outputs;
    private final RunArtifactRepository artifacts;

    UpstreamOutputs(OutputParameters outputs, RunArtifactRepository artifacts) {
        this.outputs = outputs;
        this.artifacts = artifacts;
    }

    /**
     * Output {@code key} of task {@code producer} in iteration {@code suffix}: a value, a {@link RecordedArtifact},
     * or a list of either. {@code produced} caches each step's output parameters for one resolution.
     */
    Object of(UUID runId, PipelineGraph graph, String producer, String suffix, String key, Map<String, TaskRun> rows,
              boolean artifact, Map<String, Map<String, Object>> produced) {
        String row = producer + suffix;
        TaskRun task = rows.get(row);
        if (task == null || !task.state().hasOutputs()) {
            throw new TaskInputs.Unresolvable("it comes from task " + row + ", which "
                    + (task == null ? "does not exist" : "ended " + task.state()),
                    task != null && task.state() == TaskState.NOT_TRIGGERED);
        }
        TaskNode node = graph.task(producer).orElse(null);
        if (node != null && node.dag()) {
            return dagOutput(runId, graph, node, suffix, key, rows, artifact, produced);
        }
        if (artifact) {
            RunArtifact found = artifacts.findByRunIdAndTaskNameAndName(runId, row, key)
                    .orElseThrow(() -> new TaskInputs.Unresolvable("task " + row + " recorded no artifact " + key));
            return new RecordedArtifact(found.taskName(), found.name(), found.type(), found.uri(), found.metadata());
        }
        Map<String, Object> values = produced.computeIfAbsent(row, name -> outputs.of(runId, name));
        if (!values.containsKey(key)) {
            throw new TaskInputs.Unresolvable("task " + row + " recorded no output parameter " + key);
        }
        return values.get(key);
    }

    private Object dagOutput(UUID runId, PipelineGraph graph, TaskNode dag, String suffix, String key,
                             Map<String, TaskRun> rows, boolean artifact, Map<String, Map<String, Object>> produced) {
        TaskNode.DagOutput output = dag.outputs().get(key);
        if (output == null || output.artifact() != artifact) {
            throw new TaskInputs.Unresolvable("sub-DAG " + dag.name() + " has no output " + (artifact ? "artifact "
                    : "parameter ") + key);
        }
        if (!dag.isLoop()) {
            return select(runId, graph, output, suffix, rows, produced);
        }
        TaskRun loop = rows.get(dag.name() + suffix);
        Object items = loop == null || loop.inputs() == null ? null : loop.inputs().get(dag.iterator().itemInput());
        int iterations = items instanceof List<?> list ? list.size() : 0;
        List<Object> collected = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            try {
                collected.add(select(runId, graph, output, Iterations.suffix(Iterations.name("", i)), rows, produced));
            } catch (TaskInputs.Unresolvable missing) {
                if (!missing.notTriggered()) {
                    throw missing;
                }
            }
        }
        return collected;
    }

    /** The first selector whose task ran; not triggered when none did. */
    private Object select(UUID runId, PipelineGraph graph, TaskNode.DagOutput output, String suffix,
                          Map<String, TaskRun> rows, Map<String, Map<String, Object>> produced) {
        TaskInputs.Unresolvable notTriggered = null;
        for (TaskNode.Selector selector : output.selectors()) {
            try {
                return of(runId, graph, selector.producer(), suffix, selector.key(), rows, output.artifact(),
                        produced);
            } catch (TaskInputs.Unresolvable missing) {
                if (!missing.notTriggered()) {
                    throw missing;
                }
                notTriggered = missing;
            }
        }
        throw notTriggered != null ? notTriggered
                : new TaskInputs.Unresolvable("no task of the sub-DAG was selected", true);
    }
}
