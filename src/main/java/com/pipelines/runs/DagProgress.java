package com.pipelines.runs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.pipelines.pipeline.PipelineVersions;
import com.pipelines.pipeline.ir.PipelineGraph;
import com.pipelines.pipeline.ir.TaskNode;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Moves a run's DAG forward after a task ended (or when the run starts or is retried), inside the transaction that
 * recorded it and while the run row is locked, so two branches ending at once are decided one after the other and a
 * join is queued exactly once. Every PENDING task whose dependencies ended and whose sub-DAG runs is decided: its
 * inputs are resolved, its condition tested, then it is queued, opened (a sub-DAG) or NOT_TRIGGERED with its whole
 * sub-DAG. Repeats until nothing changes.
 */
@Component
class DagProgress {

    private final PipelineVersions versions;
    private final TaskRunRepository tasks;
    private final TaskInputs inputs;
    private final RunRecorder recorder;
    private final ApplicationEventPublisher events;

    DagProgress(PipelineVersions versions, TaskRunRepository tasks, TaskInputs inputs, RunRecorder recorder,
                ApplicationEventPublisher events) {
        this.versions = versions;
        this.tasks = tasks;
        this.inputs = inputs;
        this.recorder = recorder;
        this.events = events;
    }

    /** Where the run stands: every task ended, a task made it fail, or tasks still to run. */
    record Outcome(boolean finished, String failure) {
        static final Outcome GOING_ON = new Outcome(false, null);
        static final Outcome DONE = new Outcome(true, null);
    }

    Outcome advance(PipelineRun run, Instant now, boolean starting) {
        PipelineGraph graph = versions.graph(run.pipelineName(), run.pipelineVersionId());
        Map<String, TaskRun> rows = new LinkedHashMap<>();
        tasks.findByRunIdOrderByPosition(run.id()).forEach(row -> rows.put(row.name(), row));
        for (boolean changed = true; changed; ) {
            changed = false;
            for (TaskNode node : graph.tasks()) {
                TaskRun row = rows.get(node.name());
                if (row == null) {
                    continue;
                }
                if (node.dag() && row.state() == TaskState.RUNNING) {
                    changed |= closeDag(graph, node, row, rows, now);
                } else if (ready(node, row, rows)) {
                    String failure = decide(run, graph, node, row, rows, now, starting);
                    if (failure != null) {
                        return new Outcome(true, failure);
                    }
                    changed = true;
                }
            }
        }
        return rows.values().stream().allMatch(row -> row.state().isTerminal()) ? Outcome.DONE : Outcome.GOING_ON;
    }

    private static boolean ready(TaskNode node, TaskRun row, Map<String, TaskRun> rows) {
        if (row.state() != TaskState.PENDING || row.queued()) {
            return false;
        }
        if (node.parent() != null && rows.get(node.parent()).state() != TaskState.RUNNING) {
            return false;
        }
        return node.dependsOn().stream().map(rows::get)
                .allMatch(dependency -> dependency.state().hasOutputs()
                        || dependency.state() == TaskState.NOT_TRIGGERED);
    }

    /** Queues, opens or skips a ready task; the message of a failure that ends the run, else null. */
    private String decide(PipelineRun run, PipelineGraph graph, TaskNode node, TaskRun row,
                          Map<String, TaskRun> rows, Instant now, boolean starting) {
        Map<String, Object> values;
        try {
            values = inputs.parameters(run, graph, node, rows);
        } catch (TaskInputs.Unresolvable unresolvable) {
            notTriggered(graph, node, rows, "Not triggered: " + unresolvable.getMessage(), now);
            return null;
        }
        if (node.condition() != null) {
            boolean holds;
            try {
                holds = node.condition().test(values);
            } catch (IllegalArgumentException e) {
                String message = "Task " + node.name() + ": its condition " + node.condition().text()
                        + " cannot be evaluated: " + e.getMessage();
                row.transitionTo(TaskState.FAILED, message, now);
                return message;
            }
            if (!holds) {
                notTriggered(graph, node, rows, "Not triggered: condition " + node.condition().text()
                        + " is false", now);
                return null;
            }
        }
        if (node.dag()) {
            row.openDag(values, now);
            return null;
        }
        if (node.step() == null) {
            String message = "Task " + node.name() + " runs a container this service cannot run in-process; run the "
                    + "pipeline with executor vertex-pipelines";
            row.transitionTo(TaskState.FAILED, message, now);
            return message;
        }
        row.recordInputs(values);
        row.markQueued();
        events.publishEvent(new TaskQueued(run.id(), node.name(), row.attempt() + 1, now, !starting));
        return null;
    }

    private boolean closeDag(PipelineGraph graph, TaskNode node, TaskRun row, Map<String, TaskRun> rows,
                             Instant now) {
        List<TaskRun> children = graph.children(node.name()).stream().map(child -> rows.get(child.name())).toList();
        if (!children.stream().allMatch(child -> child.state().hasOutputs()
                || child.state() == TaskState.NOT_TRIGGERED)) {
            return false;
        }
        row.transitionTo(TaskState.SUCCEEDED, "All tasks of the sub-DAG ended", now);
        return true;
    }

    /** The task and, if it is a sub-DAG, every task inside it at any depth. */
    private void notTriggered(PipelineGraph graph, TaskNode node, Map<String, TaskRun> rows, String why,
                              Instant now) {
        rows.get(node.name()).transitionTo(TaskState.NOT_TRIGGERED, why, now);
        recorder.note(rows.get(node.name()).runId(), node.name(), rows.get(node.name()).attempt(), why);
        for (TaskNode inner : graph.tasks()) {
            if (inside(graph, inner, node.name()) && rows.get(inner.name()).state() == TaskState.PENDING) {
                rows.get(inner.name()).transitionTo(TaskState.NOT_TRIGGERED, "Not triggered: its sub-DAG "
                        + node.name() + " was not triggered", now);
            }
        }
    }

    private static boolean inside(PipelineGraph graph, TaskNode task, String dag) {
        for (String parent = task.parent(); parent != null;
             parent = graph.task(parent).map(TaskNode::parent).orElse(null)) {
            if (Objects.equals(parent, dag)) {
                return true;
            }
        }
        return false;
    }
}
