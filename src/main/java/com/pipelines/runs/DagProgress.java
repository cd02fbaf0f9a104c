package com.pipelines.runs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pipelines.pipeline.PipelineVersions;
import com.pipelines.pipeline.ir.PipelineGraph;
import com.pipelines.pipeline.ir.SpecParser;
import com.pipelines.pipeline.ir.TaskNode;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Moves a run's DAG forward after a task ended (or when the run starts or is retried), inside the transaction that
 * recorded it and while the run row is locked, so two branches ending at once are decided one after the other and a
 * join is queued exactly once. Every PENDING task whose dependencies ended and whose sub-DAG runs is decided: its
 * inputs are resolved, its condition tested, then it is queued, opened (a sub-DAG; a loop makes its iterations'
 * tasks, {@code task[i]}) or NOT_TRIGGERED with its whole sub-DAG. Repeats until nothing changes.
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

    /** Where the run stands: every task ended, or tasks still to run. A task that failed is the run's failure. */
    record Outcome(boolean finished) {
        static final Outcome GOING_ON = new Outcome(false);
        static final Outcome DONE = new Outcome(true);
    }

    Outcome advance(PipelineRun run, Instant now, boolean starting) {
        PipelineGraph graph = versions.graph(run.pipelineName(), run.pipelineVersionId());
        Map<String, TaskRun> rows = tasks.byName(run.id());
        for (boolean changed = true; changed; ) {
            changed = false;
            for (TaskRun row : new ArrayList<>(rows.values())) {
                TaskNode node = graph.task(Iterations.base(row.name())).orElse(null);
                if (node == null) {
                    continue;
                }
                if (node.dag() && row.state() == TaskState.RUNNING) {
                    changed |= closeDag(row, rows, now);
                } else if (blocked(node, row, rows, now)) {
                    changed = true;
                } else if (ready(graph, node, row, rows)) {
                    String failure = decide(run, graph, node, row, rows, now, starting);
                    if (failure != null) {
                        run.taskFailed(failure);
                        if (run.failurePolicy() == FailurePolicy.FAIL_FAST) {
                            return Outcome.GOING_ON;
                        }
                    }
                    changed = true;
                }
            }
        }
        return rows.values().stream().allMatch(row -> row.state().isTerminal()) ? Outcome.DONE : Outcome.GOING_ON;
    }

    private static boolean ready(PipelineGraph graph, TaskNode node, TaskRun row, Map<String, TaskRun> rows) {
        if (row.state() != TaskState.PENDING || row.queued()) {
            return false;
        }
        if (row.parent() != null && rows.get(row.parent()).state() != TaskState.RUNNING) {
            return false;
        }
        String suffix = Iterations.suffix(row.name());
        boolean dependenciesEnded = node.dependsOn().stream().map(d -> rows.get(d + suffix))
                .allMatch(d -> node.afterAll() ? d.state().isTerminal()
                        : d.state().hasOutputs() || d.state() == TaskState.NOT_TRIGGERED);
        return dependenciesEnded && withinParallelism(graph, node, row, rows);
    }

    /** A loop's iteration starts only while fewer than its parallelismLimit iterations are under way. */
    private static boolean withinParallelism(PipelineGraph graph, TaskNode node, TaskRun row,
                                             Map<String, TaskRun> rows) {
        TaskNode loop = node.parent() == null ? null : graph.task(node.parent()).filter(TaskNode::isLoop).orElse(null);
        if (loop == null || loop.iterator().parallelism() <= 0) {
            return true;
        }
        int iteration = Iterations.index(row.name());
        Set<Integer> active = new HashSet<>();
        for (TaskRun other : rows.values()) {
            boolean busy = other.state() == TaskState.RUNNING || (other.state() == TaskState.PENDING && other.queued());
            if (busy && inLoop(graph, other, loop.name())) {
                active.add(Iterations.index(other.name()));
            }
        }
        return active.contains(iteration) || active.size() < loop.iterator().parallelism();
    }

    private static boolean inLoop(PipelineGraph graph, TaskRun row, String loop) {
        return graph.task(Iterations.base(row.name())).map(n -> loop.equals(n.loop())).orElse(false);
    }

    /** Queues, opens or skips a ready task; the message of a failure that ends the run, else null. */
    private String decide(PipelineRun run, PipelineGraph graph, TaskNode node, TaskRun row,
                          Map<String, TaskRun> rows, Instant now, boolean starting) {
        Map<String, Object> values;
        try {
            values = inputs.parameters(run, graph, node, row.name(), rows);
            if (!node.dag()) {
                inputs.artifacts(run, graph, node, row.name(), rows);
            }
        } catch (TaskInputs.Unresolvable unresolvable) {
            if (unresolvable.notTriggered()) {
                notTriggered(row, rows, "Not triggered: " + unresolvable.getMessage(), now);
                return null;
            }
            String message = "Task " + row.name() + " cannot start: " + unresolvable.getMessage();
            row.transitionTo(TaskState.FAILED, message, now);
            return message;
        }
        if (node.condition() != null) {
            boolean holds;
            try {
                holds = node.condition().test(values);
            } catch (RuntimeException e) {
                String message = "Task " + row.name() + ": its condition " + node.condition().text()
                        + " cannot be evaluated: " + e.getMessage();
                row.transitionTo(TaskState.FAILED, message, now);
                return message;
            }
            if (!holds) {
                notTriggered(row, rows, "Not triggered: condition " + node.condition().text() + " is false", now);
                return null;
            }
        }
        if (node.isLoop()) {
            return openLoop(run, graph, node, row, rows, values, now);
        }
        if (node.dag()) {
            row.openDag(values, now);
            return null;
        }
        if (node.step() == null) {
            String message = "Task " + row.name() + " runs a container this service cannot run in-process; run the "
                    + "pipeline with executor vertex-pipelines";
            row.transitionTo(TaskState.FAILED, message, now);
            return message;
        }
        row.recordInputs(values);
        row.markQueued();
        events.publishEvent(new TaskQueued(run.id(), row.name(), row.attempt() + 1, now, !starting));
        return null;
    }

    /**
     * Makes every iteration's tasks ({@code task[i]}, in the loop's sub-DAGs at any depth) and opens the loop; a loop
     * reopened by a retry keeps the iterations' tasks it has (those that succeeded keep their outputs).
     */
    private String openLoop(PipelineRun run, PipelineGraph graph, TaskNode loop, TaskRun row,
                            Map<String, TaskRun> rows, Map<String, Object> values, Instant now) {
        TaskNode.Loop iterator = loop.iterator();
        Object items = iterator.rawItems() != null ? iterator.rawItems() : values.get(iterator.inputParameter());
        if (!(items instanceof List<?> list)) {
            String message = "Loop " + row.name() + ": its items (" + iterator.inputParameter() + ") are not a list but "
                    + items;
            row.transitionTo(TaskState.FAILED, message, now);
            return message;
        }
        List<TaskNode> body = graph.tasks().stream().filter(t -> loop.name().equals(t.loop())).toList();
        if ((long) list.size() * body.size() > SpecParser.MAX_LOOP_TASKS) {
            String message = "Loop " + row.name() + ": " + list.size() + " items × " + body.size() + " tasks = "
                    + (long) list.size() * body.size() + " tasks; a loop may make at most " + SpecParser.MAX_LOOP_TASKS;
            row.transitionTo(TaskState.FAILED, message, now);
            return message;
        }
        Map<String, Object> opened = new LinkedHashMap<>(values);
        opened.put(iterator.itemInput(), list);
        row.openDag(opened, now);
        int position = rows.values().stream().mapToInt(TaskRun::position).max().orElse(0);
        for (int i = 0; i < list.size(); i++) {
            for (TaskNode inner : body) {
                String name = Iterations.name(inner.name(), i);
                if (rows.containsKey(name)) {
                    continue;
                }
                String parent = inner.parent().equals(loop.name()) ? loop.name()
                        : Iterations.name(inner.parent(), i);
                TaskRun created = tasks.save(new TaskRun(run.id(), name, inner.step(), parent, ++position));
                rows.put(created.name(), created);
            }
        }
        tasks.flush();
        recorder.note(run.id(), row.name(), 0, "Loop " + row.name() + " runs " + list.size() + " iterations"
                + (iterator.parallelism() > 0 ? ", at most " + iterator.parallelism() + " at once" : ""));
        return null;
    }

    /**
     * A sub-DAG ends when all its tasks did: SUCCEEDED when each succeeded (or was not triggered), else FAILED
     * naming the first that did not — what an exit handler's {@code PipelineTaskFinalStatus} reports.
     */
    private static boolean closeDag(TaskRun row, Map<String, TaskRun> rows, Instant now) {
        List<TaskRun> children = rows.values().stream().filter(child -> row.name().equals(child.parent())).toList();
        if (!children.stream().allMatch(child -> child.state().isTerminal())) {
            return false;
        }
        TaskRun failed = children.stream().filter(child -> !child.state().hasOutputs()
                && child.state() != TaskState.NOT_TRIGGERED).findFirst().orElse(null);
        if (failed == null) {
            row.transitionTo(TaskState.SUCCEEDED, "All tasks of the sub-DAG ended", now);
        } else {
            row.transitionTo(TaskState.FAILED, "Task " + failed.name() + " of the sub-DAG ended " + failed.state()
                    + (failed.error() == null ? "" : ": " + failed.error()), now);
        }
        return true;
    }

    /**
     * A task that waits for a dependency that FAILED or was CANCELLED will never run (unless it runs after all of
     * them, as an exit task does): it is CANCELLED now, naming the dependency, so its sub-DAG can end.
     */
    private static boolean blocked(TaskNode node, TaskRun row, Map<String, TaskRun> rows, Instant now) {
        if (node.afterAll() || row.state() != TaskState.PENDING || row.queued()
                || (row.parent() != null && rows.get(row.parent()).state() != TaskState.RUNNING)) {
            return false;
        }
        String suffix = Iterations.suffix(row.name());
        for (String dependency : node.dependsOn()) {
            TaskRun upstream = rows.get(dependency + suffix);
            if (upstream.state() == TaskState.FAILED || upstream.state() == TaskState.CANCELLED) {
                row.transitionTo(TaskState.CANCELLED, "Not run: upstream task " + upstream.name() + " ended "
                        + upstream.state(), now);
                return true;
            }
        }
        return false;
    }

    /** The task and, if it is a sub-DAG, every task inside it at any depth. */
    private void notTriggered(TaskRun row, Map<String, TaskRun> rows, String why, Instant now) {
        row.transitionTo(TaskState.NOT_TRIGGERED, why, now);
        recorder.note(row.runId(), row.name(), row.attempt(), why);
        for (TaskRun inner : rows.values()) {
            if (inside(inner, row.name(), rows) && inner.state() == TaskState.PENDING) {
                inner.transitionTo(TaskState.NOT_TRIGGERED, "Not triggered: its sub-DAG " + row.name()
                        + " was not triggered", now);
            }
        }
    }

    private static boolean inside(TaskRun task, String dag, Map<String, TaskRun> rows) {
        for (String parent = task.parent(); parent != null;
             parent = rows.containsKey(parent) ? rows.get(parent).parent() : null) {
            if (parent.equals(dag)) {
                return true;
            }
        }
        return false;
    }
}
