package com.pipelines.pipeline.ir;

import java.util.List;
import java.util.Map;

/**
 * One task of a pipeline. {@code step} names the built-in step that executes it in-process; null for a sub-DAG
 * ({@code dag} true) and for a foreign container. {@code parent} is the sub-DAG task it belongs to, null at the
 * root. {@code dependsOn} names sibling tasks. Bindings are keyed by the component's input names. {@code loop} is
 * the loop sub-DAG it belongs to at any depth (its rows are made per iteration, named {@code task[i]}).
 * {@code cacheKey} is kfp's own cache key ({@code cachingOptions.cacheKey}) or null; {@code retry} its retryPolicy or
 * null; {@code timeout} its time limit (kfp-kubernetes {@code set_timeout}) or null for the service's. {@code afterAll}: {@code triggerPolicy.strategy
 * ALL_UPSTREAM_TASKS_COMPLETED} — it runs once its upstream tasks ended, whatever their states (the exit task of a
 * dsl.ExitHandler, ignore_upstream_failure).
 */
public record TaskNode(String name, String parent, String component, String step, boolean dag,
                       List<String> dependsOn, Map<String, Binding> parameters, Map<String, Binding> artifacts,
                       Condition condition, boolean enableCache, String cacheKey, Retry retry, Loop iterator,
                       String loop, java.time.Duration timeout, Map<String, DagOutput> outputs,
                       boolean afterAll) {

    public TaskNode {
        dependsOn = List.copyOf(dependsOn);
        parameters = Map.copyOf(parameters);
        artifacts = Map.copyOf(artifacts);
        outputs = Map.copyOf(outputs);
    }

    /**
     * An output of a sub-DAG ({@code dag.outputs}): the value of one of its tasks' outputs — of a loop, the list of
     * every iteration's (dsl.Collected) — or, with several selectors, of the first whose task ran (dsl.OneOf).
     */
    public record DagOutput(boolean artifact, List<Selector> selectors) {
        public DagOutput {
            selectors = List.copyOf(selectors);
        }
    }

    /** {@code producerSubtask} and its output ({@code outputParameterKey} / {@code outputArtifactKey}). */
    public record Selector(String producer, String key) {
    }

    /**
     * The same task under the names the pipeline gives its DAG's tasks ({@code names}: a DAG's own name → the
     * pipeline-wide one): kfp scopes task names per DAG, the engine names rows across the pipeline.
     */
    TaskNode scoped(Map<String, String> names) {
        java.util.function.UnaryOperator<Binding> rename = binding -> {
            if (binding instanceof TaskOutput output) {
                return new TaskOutput(names.getOrDefault(output.producer(), output.producer()), output.key());
            }
            if (binding instanceof FinalStatus status) {
                return new FinalStatus(names.getOrDefault(status.producer(), status.producer()));
            }
            return binding;
        };
        Map<String, Binding> scopedParameters = new java.util.LinkedHashMap<>();
        parameters.forEach((input, binding) -> scopedParameters.put(input, rename.apply(binding)));
        Map<String, Binding> scopedArtifacts = new java.util.LinkedHashMap<>();
        artifacts.forEach((input, binding) -> scopedArtifacts.put(input, rename.apply(binding)));
        return new TaskNode(names.getOrDefault(name, name), parent, component, step, dag,
                dependsOn.stream().map(d -> names.getOrDefault(d, d)).toList(), scopedParameters, scopedArtifacts,
                condition, enableCache, cacheKey, retry, iterator, loop, timeout, outputs, afterAll);
    }

    /** The same sub-DAG with its outputs' selectors under the pipeline-wide names of its own tasks. */
    TaskNode withOutputsNamed(Map<String, String> inner) {
        Map<String, DagOutput> renamed = new java.util.LinkedHashMap<>();
        outputs.forEach((key, output) -> renamed.put(key, new DagOutput(output.artifact(), output.selectors().stream()
                .map(s -> new Selector(inner.getOrDefault(s.producer(), s.producer()), s.key())).toList())));
        return new TaskNode(name, parent, component, step, dag, dependsOn, parameters, artifacts, condition,
                enableCache, cacheKey, retry, iterator, loop, timeout, renamed, afterAll);
    }

    /**
     * kfp's prefix for an input that carries a value into a sub-DAG or to a task only to fill a placeholder of a
     * constant; such inputs are never handed to a step.
     */
    public static final String CHANNEL = "pipelinechannel--";

    /**
     * {@code retryPolicy} as kfp writes it ({@code task.set_retry}): at most {@code maxRetries} retries after the first
     * attempt, the n-th waiting {@code backoff × factor^(n-1)}, never more than {@code maxBackoff}.
     */
    public record Retry(int maxRetries, java.time.Duration backoff, double factor, java.time.Duration maxBackoff) {

        /** How long to wait before the attempt after failed attempt {@code failedAttempt} (1-based). */
        public java.time.Duration delayAfter(int failedAttempt) {
            double seconds = backoff.toNanos() / 1e9 * Math.pow(factor, Math.max(0, failedAttempt - 1));
            double capped = Math.min(seconds, maxBackoff.toNanos() / 1e9);
            return java.time.Duration.ofNanos((long) (capped * 1e9));
        }
    }

    /** A loop (dsl.ParallelFor) over this sub-DAG. */
    public boolean isLoop() {
        return iterator != null;
    }

    /**
     * {@code parameterIterator}: the sub-DAG runs once per item — of {@code rawItems}, or of the list in input
     * {@code inputParameter} — with the item as its input {@code itemInput}; at most {@code parallelism} iterations at
     * once (0: no limit).
     */
    public record Loop(String itemInput, List<Object> rawItems, String inputParameter, int parallelism) {
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

    /**
     * {@code taskFinalStatus}: the final state of task {@code producer} (an exit handler's group), as kfp's
     * PipelineTaskFinalStatus — {@code state}, {@code pipelineJobResourceName}, {@code pipelineTaskName},
     * {@code error}.
     */
    public record FinalStatus(String producer) implements Binding {
    }

    /** A binding the in-process engine does not resolve (its graph lists the gap; it is never run in-process). */
    public record Opaque(String kind) implements Binding {
    }
}
