package com.pipelines.pipeline.ir;

import java.util.List;
import java.util.Optional;

import com.pipelines.pipeline.ParameterSpec;

/**
 * A PipelineSpec as the engine runs it: every task of the root DAG and of its sub-DAGs, flattened (a sub-DAG's
 * tasks name it as their {@code parent}), in an order where each task comes after the tasks it depends on. Built
 * only by {@link SpecParser}. {@code gaps}: what the in-process engine does not run (a run with it is refused, the
 * spec can still be submitted to Vertex AI); {@code notes}: what it runs without applying (platform configuration).
 */
public record PipelineGraph(String name, String description, List<ParameterSpec> inputs, List<TaskNode> tasks,
                            List<InProcessGap> gaps, List<InProcessGap> notes) {

    public PipelineGraph {
        inputs = List.copyOf(inputs);
        tasks = List.copyOf(tasks);
        gaps = List.copyOf(gaps);
        notes = List.copyOf(notes);
    }

    public Optional<TaskNode> task(String taskName) {
        return tasks.stream().filter(t -> t.name().equals(taskName)).findFirst();
    }

    public boolean runnableInProcess() {
        return gaps.isEmpty();
    }
}
