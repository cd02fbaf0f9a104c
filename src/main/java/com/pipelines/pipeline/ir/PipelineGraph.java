package com.pipelines.pipeline.ir;

import java.util.List;
import java.util.Optional;

import com.pipelines.pipeline.ParameterSpec;

/**
 * A PipelineSpec as the engine runs it: every task of the root DAG and of its sub-DAGs, flattened (a sub-DAG's
 * tasks name it as their {@code parent}), in an order where each task comes after the tasks it depends on. Built
 * only by {@link SpecParser}, which refuses what it cannot run.
 */
public record PipelineGraph(String name, String description, List<ParameterSpec> inputs, List<TaskNode> tasks,
                            List<ForeignExecutor> foreignExecutors) {

    public PipelineGraph {
        inputs = List.copyOf(inputs);
        tasks = List.copyOf(tasks);
        foreignExecutors = List.copyOf(foreignExecutors);
    }

    public Optional<TaskNode> task(String taskName) {
        return tasks.stream().filter(t -> t.name().equals(taskName)).findFirst();
    }

    /** A component whose container is not this service's: runnable on Vertex AI Pipelines, not in-process. */
    public record ForeignExecutor(String component, String image) {
    }
}
