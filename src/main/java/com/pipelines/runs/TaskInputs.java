package com.pipelines.runs;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;

import com.pipelines.artifacts.PipelineRoots;
import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.pipeline.ir.Placeholders;
import com.pipelines.pipeline.ir.PipelineGraph;
import com.pipelines.pipeline.ir.TaskNode;
import com.pipelines.pipeline.ir.TaskNode.Binding;
import com.pipelines.pipeline.ir.TaskNode.ComponentInput;
import com.pipelines.pipeline.ir.TaskNode.Constant;
import com.pipelines.pipeline.ir.TaskNode.TaskOutput;
import org.springframework.stereotype.Component;

/**
 * Resolves a task's inputs for one run: root parameters, constants (with their {@code {{$.inputs.parameters['x']}}}
 * placeholders filled), output parameters and artifacts of the tasks it depends on, through any sub-DAGs.
 */
@Component
class TaskInputs {

    private final PipelineRoots roots;
    private final UpstreamOutputs upstream;

    TaskInputs(PipelineRoots roots, UpstreamOutputs upstream) {
        this.roots = roots;
        this.upstream = upstream;
    }

    /**
     * An input cannot be resolved. {@code notTriggered}: it comes from a task a false condition kept from running,
     * so the task is not triggered either; any other reason (a producer that recorded no such output, a loop item
     * that does not exist) is a failure of the task naming the input.
     */
    static final class Unresolvable extends RuntimeException {
        private final boolean notTriggered;

        Unresolvable(String message) {
            this(message, false);
        }

        Unresolvable(String message, boolean notTriggered) {
            super(message);
            this.notTriggered = notTriggered;
        }

        boolean notTriggered() {
            return notTriggered;
        }
    }

    /** The input parameters of the row named {@code row} (a task, or one iteration's copy of it). */
    Map<String, Object> parameters(PipelineRun run, PipelineGraph graph, TaskNode node, String row,
                                   Map<String, TaskRun> rows) {
        String suffix = Iterations.suffix(row);
        Map<String, Map<String, Object>> produced = new HashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        node.parameters().forEach((input, binding) -> {
            Object value;
            try {
                value = value(run, graph, node, suffix, binding, rows, produced);
            } catch (Unresolvable e) {
                throw new Unresolvable("input " + input + ": " + e.getMessage(), e.notTriggered());
            }
            if (value != null) {
                values.put(input, value);
            }
        });
        Map<String, String> runtime = runtime(run, rows.get(row), row);
        values.replaceAll((input, value) -> value instanceof String text && node.parameters().get(input)
                instanceof Constant ? fill(text, values, runtime) : value);
        return values;
    }

    /** The input artifacts of a row: a {@link RecordedArtifact}, or a list of them (a loop's, dsl.Collected). */
    Map<String, Object> artifacts(PipelineRun run, PipelineGraph graph, TaskNode node, String row,
                                  Map<String, TaskRun> rows) {
        String suffix = Iterations.suffix(row);
        Map<String, Object> resolved = new LinkedHashMap<>();
        node.artifacts().forEach((input, binding) -> {
            try {
                resolved.put(input, artifact(run.id(), graph, node, suffix, binding, rows));
            } catch (Unresolvable e) {
                throw new Unresolvable("input artifact " + input + ": " + e.getMessage(), e.notTriggered());
            }
        });
        return resolved;
    }

    private Object value(PipelineRun run, PipelineGraph graph, TaskNode node, String suffix, Binding binding,
                         Map<String, TaskRun> rows, Map<String, Map<String, Object>> produced) {
        if (binding instanceof Constant constant) {
            return constant.value();
        }
        if (binding instanceof ComponentInput input) {
            if (node.parent() == null) {
                return run.parameterValues().get(input.name());
            }
            TaskNode parent = graph.task(node.parent()).orElseThrow();
            if (parent.isLoop() && input.name().equals(parent.iterator().itemInput())) {
                return item(rows.get(parent.name()), parent, suffix);
            }
            Binding outer = parent.parameters().get(input.name());
            String outerSuffix = parent.isLoop() ? "" : suffix;
            return outer == null ? null : value(run, graph, parent, outerSuffix, outer, rows, produced);
        }
        if (binding instanceof TaskNode.FinalStatus status) {
            return finalStatus(run, rows.get(status.producer() + suffix), status.producer() + suffix);
        }
        if (!(binding instanceof TaskOutput output)) {
            throw new IllegalStateException("input binding " + binding + " is not run in-process");
        }
        return upstream.of(run.id(), graph, output.producer(), suffix, output.key(), rows, false, produced);
    }

    /** kfp's PipelineTaskFinalStatus of a task that ended: what an exit task of dsl.ExitHandler reads. */
    private static Map<String, Object> finalStatus(PipelineRun run, TaskRun task, String name) {
        if (task == null || !task.state().isTerminal()) {
            throw new Unresolvable("the final status of task " + name + ", which has not ended");
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("state", task.state().name());
        status.put("pipelineJobResourceName", "runs/" + run.id());
        status.put("pipelineTaskName", name);
        if (!task.state().hasOutputs() && task.state() != TaskState.NOT_TRIGGERED) {
            status.put("error", Map.of("code", task.state() == TaskState.CANCELLED ? 1 : 2,
                    "message", task.error() == null ? task.state().name() : task.error()));
        }
        return status;
    }

    /** Iteration {@code suffix} of a loop's items, which the loop's row keeps under its item input. */
    private static Object item(TaskRun loop, TaskNode node, String suffix) {
        Object items = loop.inputs() == null ? null : loop.inputs().get(node.iterator().itemInput());
        int index = Iterations.index(suffix);
        if (!(items instanceof List<?> list) || index < 0 || index >= list.size()) {
            throw new Unresolvable("loop " + node.name() + " has no item " + suffix);
        }
        return list.get(index);
    }

    private Object artifact(UUID runId, PipelineGraph graph, TaskNode node, String suffix, Binding binding,
                            Map<String, TaskRun> rows) {
        if (binding instanceof ComponentInput input) {
            TaskNode parent = graph.task(node.parent()).orElseThrow();
            Binding outer = parent.artifacts().get(input.name());
            if (outer == null) {
                throw new Unresolvable("sub-DAG " + parent.name() + " has no artifact " + input.name());
            }
            return artifact(runId, graph, parent, parent.isLoop() ? "" : suffix, outer, rows);
        }
        if (!(binding instanceof TaskOutput output)) {
            throw new IllegalStateException("an artifact cannot be a constant");
        }
        return upstream.of(runId, graph, output.producer(), suffix, output.key(), rows, true, new HashMap<>());
    }

    /** The values of kfp's run-level placeholders for one task of a run ({@link Placeholders#KNOWN}). */
    private Map<String, String> runtime(PipelineRun run, TaskRun task, String row) {
        Map<String, String> values = new HashMap<>();
        values.put("{{$.pipeline_job_name}}", run.jobId());
        values.put("{{$.pipeline_job_resource_name}}", "runs/" + run.id());
        values.put("{{$.pipeline_job_uuid}}", run.id().toString());
        values.put("{{$.pipeline_task_name}}", row);
        values.put("{{$.pipeline_task_uuid}}", task == null ? "" : task.id().toString());
        values.put("{{$.pipeline_job_create_time_utc}}", run.createTime().toString());
        values.put("{{$.pipeline_job_schedule_time_utc}}", (run.scheduledTime() != null ? run.scheduledTime()
                : run.createTime()).toString());
        values.put("{{$.pipeline_root}}", run.pipelineRoot() != null ? run.pipelineRoot() : roots.serverDefault());
        return values;
    }

    private static String fill(String text, Map<String, Object> values, Map<String, String> runtime) {
        Matcher matcher = Placeholders.ANY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Matcher input = Placeholders.INPUT.matcher(matcher.group());
            Object value = input.matches() ? values.get(input.group(1)) : runtime.get(matcher.group());
            String replacement = value == null ? (input.matches() ? "" : matcher.group()) : String.valueOf(value);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
