package com.pipelines.pipeline.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pipelines.pipeline.FieldViolation;
import com.pipelines.pipeline.ParameterSpec;
import com.pipelines.pipeline.ParameterType;
import com.pipelines.pipeline.PipelineException;

/**
 * The one reader of KFP v2 IR: turns a PipelineSpec (schema 2.x, as {@code kfp.compiler} writes it) into a
 * {@link PipelineGraph}, or refuses it with every problem found, each with its JSON path. What kfp can emit and the
 * in-process engine does not run (exit handlers, importers, pipeline outputs, …) is valid: the graph lists it by
 * name among its {@link PipelineGraph#gaps() gaps}, and an in-process run of it is refused — never accepted and
 * misrun.
 */
public final class SpecParser {

    public static final int MAX_TASKS = 1000;
    /** Sub-DAGs inside sub-DAGs, at most. */
    public static final int MAX_DEPTH = 50;
    /** A loop's iterations × the tasks of its body, at most (constant items at upload, a list input when it opens). */
    public static final int MAX_LOOP_TASKS = 10_000;
    static final Set<String> TOP_LEVEL = Set.of("components", "deploymentSpec", "pipelineInfo", "root",
            "schemaVersion", "sdkVersion", "defaultPipelineRoot", "platforms");
    static final Set<String> TASK_FIELDS = Set.of("componentRef", "dependentTasks", "inputs", "taskInfo",
            "cachingOptions", "triggerPolicy", "retryPolicy", "parameterIterator", "iteratorPolicy",
            "artifactIterator");
    static final int MAX_RETRIES = 10;

    private final ComponentContract.Catalog contracts;
    private final List<FieldViolation> errors = new ArrayList<>();
    private final List<TaskNode> tasks = new ArrayList<>();
    private final Map<String, String> taskPaths = new LinkedHashMap<>();
    private final List<InProcessGap> gaps = new ArrayList<>();
    private final List<InProcessGap> notes = new ArrayList<>();
    private final Platform platform;
    private final Deque<String> dagStack = new ArrayDeque<>();
    private final Specs specs;

    private SpecParser(Map<String, Object> spec, ComponentContract.Catalog contracts) {
        this.contracts = contracts;
        this.specs = new Specs(spec, errors, gaps);
        this.platform = Platform.read(specs, notes);
    }

    /** The graph of {@code spec}, or a 400 {@link PipelineException} listing every problem with its JSON path. */
    public static PipelineGraph parse(Map<String, Object> spec, ComponentContract.Catalog contracts) {
        return new SpecParser(spec, contracts).graph();
    }

    private PipelineGraph graph() {
        Map<String, Object> spec = specs.spec();
        SpecSize size = SpecSize.of(spec, MAX_TASKS + 1L);
        if (size.tasks() > MAX_TASKS || size.depth() > MAX_DEPTH) {
            throw PipelineException.invalidSpec(List.of(new FieldViolation("$.root.dag", size.tasks() > MAX_TASKS
                    ? "has more than " + MAX_TASKS + " tasks once its sub-DAGs are counted (as often as they are "
                    + "used); at most " + MAX_TASKS + " are allowed"
                    : "nests sub-DAGs " + size.depth() + " deep; at most " + MAX_DEPTH + " levels are allowed")));
        }
        spec.keySet().forEach(key -> {
            if (!TOP_LEVEL.contains(key)) {
                errors.add(new FieldViolation("$." + key, "unknown field of a PipelineSpec"));
            }
        });
        if (spec.get("defaultPipelineRoot") != null) {
            notes.add(new InProcessGap("$.defaultPipelineRoot", "pipeline_root", "an in-process run writes below "
                    + "its own pipelineRoot (the run's, else the server's); the spec's is used on Vertex AI only"));
        }
        Object schema = spec.get("schemaVersion");
        if (!(schema instanceof String version) || !version.startsWith("2.")) {
            errors.add(new FieldViolation("$.schemaVersion", "must be a KFP v2 schema version such as 2.1.0"));
        }
        Map<String, Object> info = specs.map(spec, "pipelineInfo", "$.pipelineInfo", true);
        String name = info == null ? null : specs.string(info, "name", "$.pipelineInfo.name", true);
        String description = info == null ? null : specs.string(info, "description", "$.pipelineInfo.description", false);
        Map<String, Object> root = specs.map(spec, "root", "$.root", true);
        List<ParameterSpec> inputs = List.of();
        if (root != null) {
            if (root.containsKey("outputDefinitions")) {
                specs.gap("$.root.outputDefinitions", "pipeline outputs", "a pipeline's own outputs (a pipeline "
                        + "function that returns values) are not run in-process");
            }
            Map<String, Object> definitions = specs.map(root, "inputDefinitions", "$.root.inputDefinitions", false);
            if (definitions != null && definitions.containsKey("artifacts")) {
                specs.gap("$.root.inputDefinitions.artifacts", "pipeline input artifacts", "artifacts given to the "
                        + "pipeline as inputs are not run in-process");
            }
            Interface rootInterface = Interface.of(specs, root, "$.root");
            inputs = rootInterface.rootParameters(specs);
            Map<String, Object> dag = specs.map(root, "dag", "$.root.dag", true);
            if (dag != null) {
                dag(dag, "$.root.dag", null, null, rootInterface);
            }
        }
        if (tasks.size() > MAX_TASKS) {
            errors.add(new FieldViolation("$.root.dag", "has " + tasks.size() + " tasks; at most " + MAX_TASKS
                    + " are allowed"));
        }
        if (!errors.isEmpty()) {
            throw PipelineException.invalidSpec(errors);
        }
        return new PipelineGraph(name, description, inputs, tasks, gaps, notes);
    }

    /** Reads one DAG's tasks (and, depth first, its sub-DAGs'); returns its tasks' pipeline-wide names. */
    private Map<String, String> dag(Map<String, Object> dag, String path, String parent, String loop,
                                    Interface enclosing) {
        dag.keySet().stream().filter(k -> !k.equals("tasks") && !k.equals("outputs")).forEach(k -> errors.add(
                new FieldViolation(path + "." + k, "unknown field of a DAG")));
        if (dag.containsKey("outputs") && parent == null) {
            specs.gap(path + ".outputs", "pipeline outputs", "a pipeline's own outputs (a pipeline function that "
                    + "returns values) are not run in-process");
        }
        Map<String, Object> taskSpecs = specs.map(dag, "tasks", path + ".tasks", true);
        Map<String, String> names = new LinkedHashMap<>();
        if (taskSpecs == null) {
            return names;
        }
        if (taskSpecs.isEmpty()) {
            errors.add(new FieldViolation(path + ".tasks", "must hold at least one task"));
            return names;
        }
        Map<String, TaskReader> readers = new LinkedHashMap<>();
        taskSpecs.forEach((taskName, body) -> {
            String taskPath = path + ".tasks." + taskName;
            if (!(body instanceof Map<?, ?>)) {
                errors.add(new FieldViolation(taskPath, "must be an object"));
                return;
            }
            names.put(taskName, pipelineWideName(taskName, parent, taskPath));
            readers.put(taskName, new TaskReader(specs, contracts, taskName, taskPath, Specs.cast(body), parent,
                    loop, enclosing, platform));
        });
        readers.values().forEach(reader -> reader.read(readers));
        for (String taskName : TopologicalOrder.of(readers, path, errors)) {
            TaskReader reader = readers.get(taskName);
            if (reader.node() == null) {
                continue;
            }
            TaskNode node = reader.node().scoped(names);
            tasks.add(node);
            if (node.dag()) {
                nested(reader, node);
            }
        }
        return names;
    }

    /**
     * kfp scopes task names per DAG; the engine names a run's tasks across the pipeline, so a name a DAG repeats
     * from another one is qualified by its sub-DAG ({@code condition-2.train}).
     */
    private String pipelineWideName(String taskName, String parent, String taskPath) {
        String name = taskName;
        for (int n = 2; taskPaths.containsKey(name); n++) {
            name = (parent == null ? "" : parent + ".") + taskName + (n > 2 ? "-" + (n - 1) : "");
            if (name.length() > MAX_NAME || name.contains("..")) {
                // A run's rows keep names of at most 128 characters, a loop adding [i], and artifact paths refuse
                // "..": then the name is cut and numbered instead, still unique.
                String suffix = "-" + n;
                name = taskName.substring(0, Math.min(taskName.length(), MAX_NAME - suffix.length())) + suffix;
            }
        }
        taskPaths.put(name, taskPath);
        return name;
    }

    /** The longest task name (as TaskReader allows), so that {@code name[9999]} still fits a run's row. */
    private static final int MAX_NAME = 120;

    private void nested(TaskReader reader, TaskNode node) {
        String component = node.component();
        if (dagStack.contains(component)) {
            errors.add(new FieldViolation(reader.path() + ".componentRef.name", "component " + component
                    + " contains itself"));
            return;
        }
        dagStack.push(component);
        String componentPath = "$.components." + component;
        Map<String, Object> dag = specs.map(reader.componentSpec(), "dag", componentPath + ".dag", true);
        if (dag == null) {
            dagStack.pop();
            return;
        }
        int at = tasks.indexOf(node);
        Map<String, String> inner = dag(dag, componentPath + ".dag", node.name(), node.isLoop() ? node.name()
                : node.loop(), reader.componentInterface());
        dagStack.pop();
        tasks.set(at, node.withOutputsNamed(inner));
        if (node.isLoop() && node.iterator().rawItems() != null) {
            long body = tasks.stream().filter(t -> node.name().equals(t.loop())).count();
            long total = body * node.iterator().rawItems().size();
            if (total > MAX_LOOP_TASKS) {
                errors.add(new FieldViolation(reader.path() + ".parameterIterator.items.raw", "makes "
                        + node.iterator().rawItems().size() + " iterations of " + body + " tasks = " + total
                        + " tasks; a loop may make at most " + MAX_LOOP_TASKS));
            }
        }
    }

    /** Orders a DAG's tasks so that each follows its dependencies; reports cycles. */
    static final class TopologicalOrder {
        static List<String> of(Map<String, TaskReader> readers, String path, List<FieldViolation> errors) {
            Set<String> done = new LinkedHashSet<>();
            Set<String> visiting = new LinkedHashSet<>();
            for (String name : readers.keySet()) {
                visit(name, readers, done, visiting, path, errors);
            }
            return List.copyOf(done);
        }

        private static boolean visit(String name, Map<String, TaskReader> readers, Set<String> done,
                                     Set<String> visiting, String path, List<FieldViolation> errors) {
            if (done.contains(name)) {
                return true;
            }
            if (!visiting.add(name)) {
                List<String> cycle = new ArrayList<>(visiting);
                cycle = cycle.subList(cycle.indexOf(name), cycle.size());
                errors.add(new FieldViolation(path + ".tasks." + name + ".dependentTasks", "cycle: "
                        + String.join(" → ", cycle) + " → " + name));
                done.add(name);
                return false;
            }
            for (String dependency : readers.get(name).dependencies()) {
                if (readers.containsKey(dependency) && !visit(dependency, readers, done, visiting, path, errors)) {
                    visiting.remove(name);
                    done.add(name);
                    return false;
                }
            }
            visiting.remove(name);
            done.add(name);
            return true;
        }
    }

    static boolean assignable(ParameterType from, ParameterType to) {
        return from == to || (from == ParameterType.NUMBER_INTEGER && to == ParameterType.NUMBER_DOUBLE);
    }
}
