package com.pipelines.pipeline.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pipelines.pipeline.FieldViolation;
import com.pipelines.pipeline.ParameterSpec;
import com.pipelines.pipeline.ParameterType;
import com.pipelines.pipeline.PipelineSpecCompiler;
import com.pipelines.pipeline.ir.TaskNode.Binding;
import com.pipelines.pipeline.ir.TaskNode.ComponentInput;
import com.pipelines.pipeline.ir.TaskNode.Constant;
import com.pipelines.pipeline.ir.TaskNode.TaskOutput;

/** Reads one task of a DAG: its component, executor, dependencies, input wiring, condition, caching and retries. */
final class TaskReader {


    private final Specs specs;
    private final ComponentContract.Catalog contracts;
    private final String name;
    private final String path;
    private final Map<String, Object> body;
    private final String parent;
    private final String loop;
    private final Interface enclosing;
    private final List<FieldViolation> errors;
    private final String componentName;
    private final Map<String, Object> componentSpec;
    private final Interface componentInterface;
    private final Set<String> dependencies = new LinkedHashSet<>();
    private ComponentContract contract;
    private boolean dag;
    private boolean afterAll;
    /** A sub-DAG's outputs (dag.outputs), read once: its node carries them and its consumers are checked against them. */
    private Map<String, TaskNode.DagOutput> dagOutputs = Map.of();
    private TaskNode node;
    private final Platform platform;
    private String executorLabel;

    TaskReader(Specs specs, ComponentContract.Catalog contracts, String name, String path, Map<String, Object> body,
               String parent, String loop, Interface enclosing, Platform platform) {
        this.platform = platform;
        this.loop = loop;
        this.specs = specs;
        this.contracts = contracts;
        this.name = name;
        this.path = path;
        this.body = body;
        this.parent = parent;
        this.enclosing = enclosing;
        this.errors = specs.errors();
        Map<String, Object> ref = specs.map(body, "componentRef", path + ".componentRef", true);
        this.componentName = ref == null ? null : specs.string(ref, "name", path + ".componentRef.name", true);
        this.componentSpec = componentName == null ? null : specs.component(componentName);
        if (componentName != null && componentSpec == null) {
            errors.add(new FieldViolation(path + ".componentRef.name", "unknown component " + componentName));
        }
        this.componentInterface = Interface.of(specs, componentSpec, "$.components." + componentName);
        if (componentSpec != null) {
            executor();
            dagOutputs = dag ? new DagOutputsReader(specs, componentName, componentSpec).outputs() : Map.of();
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,119}")) {
            errors.add(new FieldViolation(path, "task names must be 1-120 letters, digits, '-', '_' or '.'"));
        }
    }

    private void executor() {
        String componentPath = "$.components." + componentName;
        if (componentSpec.containsKey("dag")) {
            dag = true;
            return;
        }
        String label = specs.string(componentSpec, "executorLabel", componentPath + ".executorLabel", true);
        executorLabel = label;
        Map<String, Object> executor = label == null ? null : specs.executor(label);
        String executorPath = "$.deploymentSpec.executors." + label;
        if (label != null && executor == null) {
            errors.add(new FieldViolation(componentPath + ".executorLabel", "unknown executor " + label));
            return;
        }
        if (executor == null) {
            return;
        }
        if (executor.containsKey("importer")) {
            specs.gap(executorPath + ".importer", "dsl.importer", "task " + name + " imports an artifact by uri; "
                    + "importers are not run in-process");
            return;
        }
        if (executor.containsKey("resolver")) {
            specs.gap(executorPath + ".resolver", "resolver", "task " + name + " resolves artifacts from metadata; "
                    + "resolvers are not run in-process");
            return;
        }
        Map<String, Object> container = specs.map(executor, "container", executorPath + ".container", true);
        if (container == null) {
            return;
        }
        List<?> command = specs.list(container, "command", executorPath + ".container.command");
        List<?> args = specs.list(container, "args", executorPath + ".container.args");
        String image = specs.string(container, "image", executorPath + ".container.image", true);
        if (command.equals(PipelineSpecCompiler.COMMAND) && !args.isEmpty() && args.get(0) instanceof String verb) {
            contract = contracts.forCommand(verb).orElse(null);
            if (contract == null) {
                errors.add(new FieldViolation(executorPath + ".container.args", "unknown command '" + verb
                        + "' of this service's image; it runs " + contracts.commands()));
            }
        } else if (specs.gaps().stream().noneMatch(g -> g.path().equals(executorPath + ".container.image"))) {
            specs.gap(executorPath + ".container.image", "a foreign image", "component " + componentName + " runs "
                    + "image " + image + ", which this service cannot run in-process; run the pipeline with "
                    + "executor vertex-pipelines");
        }
    }

    void read(Map<String, TaskReader> siblings) {
        body.keySet().stream().filter(key -> !SpecParser.TASK_FIELDS.contains(key)).forEach(key -> errors.add(
                new FieldViolation(path + "." + key, "unknown field of a task")));
        if (body.containsKey("artifactIterator")) {
            specs.gap(path + ".artifactIterator", "dsl.ParallelFor over artifacts", "loops over a list of "
                    + "artifacts are not run in-process");
        }
        List<?> declared = specs.list(body, "dependentTasks", path + ".dependentTasks");
        for (Object dependency : declared) {
            if (!(dependency instanceof String sibling) || !siblings.containsKey(sibling)) {
                errors.add(new FieldViolation(path + ".dependentTasks", "no task named " + dependency
                        + " in the same DAG"));
            } else {
                dependencies.add(sibling);
            }
        }
        Map<String, Object> inputs = specs.map(body, "inputs", path + ".inputs", false);
        Map<String, Binding> parameters = new LinkedHashMap<>();
        Map<String, Binding> artifacts = new LinkedHashMap<>();
        if (inputs != null) {
            inputs.keySet().stream().filter(k -> !k.equals("parameters") && !k.equals("artifacts"))
                    .forEach(k -> errors.add(new FieldViolation(path + ".inputs." + k, "unknown field of inputs")));
            Map<String, Object> p = specs.map(inputs, "parameters", path + ".inputs.parameters", false);
            if (p != null) {
                p.forEach((input, binding) -> parameter(input, binding, siblings, parameters));
            }
            Map<String, Object> a = specs.map(inputs, "artifacts", path + ".inputs.artifacts", false);
            if (a != null) {
                a.forEach((input, binding) -> artifact(input, binding, siblings, artifacts));
            }
        }
        TaskNode.Loop iterator = iterator(parameters.keySet());
        defaults(parameters, iterator == null ? null : iterator.itemInput());
        requireConnected(parameters, artifacts, iterator == null ? null : iterator.itemInput());
        Condition condition = condition(parameters.keySet());
        TaskPolicies policies = new TaskPolicies(specs, body, path);
        node = new TaskNode(name, parent, componentName, contract == null ? null : contract.step(), dag,
                List.copyOf(dependencies), parameters, artifacts, condition, policies.enableCache(), policies.cacheKey(),
                policies.retry(), iterator, loop, platform.timeout(executorLabel), dagOutputs, afterAll);
    }

    private void parameter(String input, Object value, Map<String, TaskReader> siblings, Map<String, Binding> out) {
        String at = path + ".inputs.parameters." + input;
        Interface.Declared declared = componentInterface.inputParameters().get(input);
        boolean channel = declared == null && input.startsWith(TaskNode.CHANNEL);
        if (declared == null && componentSpec != null && !channel && (dag || contract != null)) {
            errors.add(new FieldViolation(at, "component " + componentName + " has no input parameter " + input));
            return;
        }
        // kfp also passes a container task inputs its component does not declare: values for placeholders of its
        // executor (resource limits), which only the container sees.
        channel |= declared == null && componentSpec != null && contract == null;
        if (!(value instanceof Map<?, ?> m)) {
            errors.add(new FieldViolation(at, "must be an object"));
            return;
        }
        Map<String, Object> binding = Specs.cast(m);
        ParameterType type = declared == null ? null : declared.type();
        ParameterSpec rule = contract == null ? null : contract.parameters().get(input);
        if (contract != null && rule == null && !channel) {
            errors.add(new FieldViolation(at, "component " + contract.step() + " has no parameter " + input
                    + "; it takes " + contract.parameters().keySet()));
            return;
        }
        if (rule != null && type != null && !SpecParser.assignable(type, rule.type())) {
            errors.add(new FieldViolation(at, "type mismatch: declared " + type + ", " + contract.step()
                    + " takes " + rule.type()));
        }
        if (binding.containsKey("parameterExpressionSelector")) {
            specs.gap(at + ".parameterExpressionSelector", "a field of a loop item or struct",
                    "selecting a field (parameterExpressionSelector) is not run in-process");
            out.put(input, new TaskNode.Opaque("parameterExpressionSelector"));
            return;
        }
        if (binding.get("componentInputParameter") instanceof String source) {
            Interface.Declared from = enclosing.inputParameters().get(source);
            if (from == null) {
                errors.add(new FieldViolation(at + ".componentInputParameter", "no input parameter " + source
                        + " in the enclosing " + (parent == null ? "pipeline" : "DAG")));
            } else if (type != null && !SpecParser.assignable(from.type(), type)) {
                errors.add(new FieldViolation(at, "type mismatch: " + source + " is " + from.type() + ", the input "
                        + "is " + type));
            }
            out.put(input, new ComponentInput(source));
        } else if (binding.get("runtimeValue") instanceof Map<?, ?> runtime && Specs.cast(runtime).containsKey("constant")) {
            constant(at, Specs.cast(runtime).get("constant"), type, rule, out, input);
        } else if (binding.get("taskOutputParameter") instanceof Map<?, ?> output) {
            TaskOutput reference = taskOutput(at + ".taskOutputParameter", Specs.cast(output), "outputParameterKey",
                    siblings);
            if (reference != null) {
                TaskReader producer = siblings.get(reference.producer());
                ParameterType produced = producer.componentInterface.outputParameters().get(reference.key());
                boolean made = producer.contract == null || producer.contract.outputParameters().containsKey(reference.key());
                if (producer.dag) {
                    if (!producer.declaresOutput(reference.key(), false)) {
                        errors.add(new FieldViolation(at + ".taskOutputParameter.outputParameterKey", "sub-DAG "
                                + reference.producer() + " has no output parameter " + reference.key() + " in its "
                                + "dag.outputs: it would never have a value"));
                    }
                } else if (produced == null || !made) {
                    errors.add(new FieldViolation(at + ".taskOutputParameter.outputParameterKey", "task "
                            + reference.producer() + " has no output parameter " + reference.key()));
                } else if (type != null && !SpecParser.assignable(produced, type)) {
                    errors.add(new FieldViolation(at, "type mismatch: " + reference.producer() + "." + reference.key()
                            + " is " + produced + ", the input is " + type));
                }
                out.put(input, reference);
            }
        } else if (binding.get("taskFinalStatus") instanceof Map<?, ?> status) {
            Object producer = status.get("producerTask");
            if (!(producer instanceof String p) || !siblings.containsKey(p) || p.equals(name)) {
                errors.add(new FieldViolation(at + ".taskFinalStatus.producerTask", "no task named " + producer
                        + " in the same DAG"));
                return;
            }
            dependencies.add(p);
            out.put(input, new TaskNode.FinalStatus(p));
        } else {
            errors.add(new FieldViolation(at, "unsupported input: expected componentInputParameter, "
                    + "runtimeValue.constant or taskOutputParameter, got " + binding.keySet()));
        }
    }

    private void constant(String at, Object value, ParameterType type, ParameterSpec rule, Map<String, Binding> out,
                          String input) {
        constantAt(at + ".runtimeValue.constant", value, type, rule, out, input);
    }

    private void constantAt(String at, Object value, ParameterType type, ParameterSpec rule, Map<String, Binding> out,
                            String input) {
        if (type != null && !Interface.fits(type, value)) {
            errors.add(new FieldViolation(at, "type mismatch: not a " + type + " value"));
            return;
        }
        boolean placeholder = value instanceof String s && s.contains("{{$");
        if (placeholder && contract != null) {
            Placeholders.unknown((String) value).ifPresent(unknown -> errors.add(new FieldViolation(at,
                    "unknown placeholder " + unknown + "; an in-process task knows " + Placeholders.KNOWN
                            + " and {{$.inputs.parameters['name']}}")));
        }
        String problem = rule == null || placeholder ? null : rule.violation(Interface.normalize(rule.type(), value));
        if (problem != null) {
            errors.add(new FieldViolation(at, problem));
        }
        out.put(input, new Constant(type == null ? value : Interface.normalize(type, value)));
    }

    /** A component input the task leaves unconnected takes the component's defaultValue, checked like a constant. */
    private void defaults(Map<String, Binding> parameters, String item) {
        componentInterface.inputParameters().forEach((input, declared) -> {
            if (declared.defaultValue() != null && !parameters.containsKey(input) && !input.equals(item)) {
                ParameterSpec rule = contract == null ? null : contract.parameters().get(input);
                constantAt("$.components." + componentName + ".inputDefinitions.parameters." + input
                        + ".defaultValue", declared.defaultValue(), declared.type(), rule, parameters, input);
            }
        });
    }

    private void artifact(String input, Object value, Map<String, TaskReader> siblings, Map<String, Binding> out) {
        String at = path + ".inputs.artifacts." + input;
        String type = componentInterface.inputArtifacts().get(input);
        if (type == null && componentSpec != null) {
            errors.add(new FieldViolation(at, "component " + componentName + " has no input artifact " + input));
            return;
        }
        if (contract != null && !contract.inputArtifacts().contains(input)) {
            errors.add(new FieldViolation(at, "component " + contract.step() + " reads no artifact " + input));
            return;
        }
        Map<String, Object> binding = value instanceof Map<?, ?> m ? Specs.cast(m) : Map.of();
        if (binding.get("componentInputArtifact") instanceof String source) {
            String from = enclosing.inputArtifacts().get(source);
            if (from == null) {
                errors.add(new FieldViolation(at + ".componentInputArtifact", "no input artifact " + source
                        + " in the enclosing " + (parent == null ? "pipeline" : "DAG")));
            } else if (!compatible(from, type)) {
                errors.add(new FieldViolation(at, "type mismatch: " + source + " is " + from + ", the input is " + type));
            }
            out.put(input, new ComponentInput(source));
        } else if (binding.get("taskOutputArtifact") instanceof Map<?, ?> output) {
            TaskOutput reference = taskOutput(at + ".taskOutputArtifact", Specs.cast(output), "outputArtifactKey",
                    siblings);
            if (reference != null) {
                TaskReader producer = siblings.get(reference.producer());
                String produced = producer.componentInterface.outputArtifacts().get(reference.key());
                boolean made = producer.contract == null || producer.contract.outputArtifacts().contains(reference.key());
                if (producer.dag) {
                    if (!producer.declaresOutput(reference.key(), true)) {
                        errors.add(new FieldViolation(at + ".taskOutputArtifact.outputArtifactKey", "sub-DAG "
                                + reference.producer() + " has no output artifact " + reference.key() + " in its "
                                + "dag.outputs: it would never have a value"));
                    }
                } else if (produced == null || !made) {
                    errors.add(new FieldViolation(at + ".taskOutputArtifact.outputArtifactKey", "task "
                            + reference.producer() + " has no output artifact " + reference.key()));
                } else if (!compatible(produced, type)) {
                    errors.add(new FieldViolation(at, "type mismatch: " + reference.producer() + "." + reference.key()
                            + " is " + produced + ", the input is " + type));
                }
                out.put(input, reference);
            }
        } else {
            errors.add(new FieldViolation(at, "unsupported input: expected componentInputArtifact or "
                    + "taskOutputArtifact, got " + binding.keySet()));
        }
    }

    private static boolean compatible(String from, String to) {
        return to == null || from.equals(to) || "system.Artifact".equals(to) || "system.Artifact".equals(from);
    }

    private TaskOutput taskOutput(String at, Map<String, Object> output, String keyField, Map<String, TaskReader> siblings) {
        String producer = specs.string(output, "producerTask", at + ".producerTask", true);
        String key = specs.string(output, keyField, at + "." + keyField, true);
        if (producer == null || key == null) {
            return null;
        }
        if (!siblings.containsKey(producer) || producer.equals(name)) {
            errors.add(new FieldViolation(at + ".producerTask", "no task named " + producer + " in the same DAG"));
            return null;
        }
        dependencies.add(producer);
        return new TaskOutput(producer, key);
    }

    private void requireConnected(Map<String, Binding> parameters, Map<String, Binding> artifacts, String item) {
        componentInterface.inputParameters().forEach((input, declared) -> {
            if (!declared.optional() && declared.defaultValue() == null && !parameters.containsKey(input)
                    && !input.equals(item)) {
                errors.add(new FieldViolation(path + ".inputs.parameters." + input, "required input of component "
                        + componentName + " is not connected"));
            }
        });
        Set<String> needed = new LinkedHashSet<>(componentInterface.inputArtifacts().keySet());
        needed.removeAll(componentInterface.optionalInputArtifacts());
        if (body.get("artifactIterator") instanceof Map<?, ?> iterator && iterator.get("itemInput") instanceof String x) {
            needed.remove(x);
        }
        if (contract != null) {
            needed.addAll(contract.requiredInputArtifacts());
        }
        needed.stream().filter(input -> !artifacts.containsKey(input)).forEach(input -> errors.add(new FieldViolation(
                path + ".inputs.artifacts." + input, "input artifact of component " + componentName
                        + " is not connected")));
    }

    private Condition condition(Set<String> inputs) {
        Map<String, Object> policy = specs.map(body, "triggerPolicy", path + ".triggerPolicy", false);
        if (policy == null) {
            return null;
        }
        Object strategy = policy.get("strategy");
        if ("ALL_UPSTREAM_TASKS_COMPLETED".equals(strategy)) {
            afterAll = true;
        } else if (strategy != null && !"ALL_UPSTREAM_TASKS_SUCCEEDED".equals(strategy)
                && !"TRIGGER_STRATEGY_UNSPECIFIED".equals(strategy)) {
            errors.add(new FieldViolation(path + ".triggerPolicy.strategy", "must be ALL_UPSTREAM_TASKS_SUCCEEDED or "
                    + "ALL_UPSTREAM_TASKS_COMPLETED"));
        }
        String text = specs.string(policy, "condition", path + ".triggerPolicy.condition", false);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Condition condition = Condition.parse(text);
            condition.inputs().stream().filter(input -> !inputs.contains(input)).forEach(input -> errors.add(
                    new FieldViolation(path + ".triggerPolicy.condition", "reads " + input + ", which is not an "
                            + "input of the task")));
            return condition;
        } catch (Condition.TooLarge e) {
            errors.add(new FieldViolation(path + ".triggerPolicy.condition", e.getMessage()));
            return null;
        } catch (Condition.SyntaxError e) {
            specs.gap(path + ".triggerPolicy.condition", "dsl.If condition", "outside the CEL subset run in-process "
                    + "(inputs.parameter_values, int() double() string() bool(), comparisons, && || !): "
                    + e.getMessage());
            return null;
        }
    }

    private TaskNode.Loop iterator(java.util.Set<String> inputs) {
        Map<String, Object> iterator = specs.map(body, "parameterIterator", path + ".parameterIterator", false);
        if (iterator == null) {
            if (body.containsKey("iteratorPolicy")) {
                errors.add(new FieldViolation(path + ".iteratorPolicy", "needs a parameterIterator"));
            }
            return null;
        }
        String at = path + ".parameterIterator";
        if (!dag) {
            errors.add(new FieldViolation(at, "a loop must run a sub-DAG component"));
            return null;
        }
        if (loop != null) {
            specs.gap(at, "nested dsl.ParallelFor", "a loop inside a loop is not run in-process");
        }
        String itemInput = specs.string(iterator, "itemInput", at + ".itemInput", true);
        if (itemInput != null && !componentInterface.inputParameters().containsKey(itemInput)) {
            errors.add(new FieldViolation(at + ".itemInput", "component " + componentName + " has no input "
                    + "parameter " + itemInput));
        }
        Map<String, Object> items = specs.map(iterator, "items", at + ".items", true);
        List<Object> raw = null;
        String inputParameter = null;
        if (items != null && items.get("raw") instanceof String text) {
            raw = rawItems(text, at + ".items.raw");
        } else if (items != null && items.get("inputParameter") instanceof String source) {
            inputParameter = source;
            if (!inputs.contains(source)) {
                errors.add(new FieldViolation(at + ".items.inputParameter", source + " is not an input of the task"));
            }
        } else if (items != null) {
            errors.add(new FieldViolation(at + ".items", "must hold raw (a JSON array as a string) or inputParameter"));
        }
        Map<String, Object> policy = specs.map(body, "iteratorPolicy", path + ".iteratorPolicy", false);
        Object limit = policy == null ? null : policy.get("parallelismLimit");
        if (limit != null && !(limit instanceof Number n && n.intValue() >= 0 && n.doubleValue() == n.intValue())) {
            errors.add(new FieldViolation(path + ".iteratorPolicy.parallelismLimit", "must be an integer >= 0"));
            limit = null;
        }
        return new TaskNode.Loop(itemInput, raw, inputParameter, limit == null ? 0 : ((Number) limit).intValue());
    }

    private List<Object> rawItems(String text, String at) {
        try {
            Object parsed = tools.jackson.databind.json.JsonMapper.shared().readValue(text, Object.class);
            if (parsed instanceof List<?> list && list.size() <= SpecParser.MAX_TASKS) {
                return new java.util.ArrayList<>(list);
            }
            errors.add(new FieldViolation(at, "must be a JSON array of at most " + SpecParser.MAX_TASKS + " items"));
        } catch (tools.jackson.core.JacksonException e) {
            errors.add(new FieldViolation(at, "is not a JSON array: " + e.getOriginalMessage()));
        }
        return List.of();
    }

    /** Whether this sub-DAG's dag.outputs wires an output {@code key} of that kind. */
    private boolean declaresOutput(String key, boolean artifact) {
        TaskNode.DagOutput output = dagOutputs.get(key);
        return output != null && output.artifact() == artifact;
    }

    Set<String> dependencies() {
        return dependencies;
    }

    TaskNode node() {
        return node;
    }

    String path() {
        return path;
    }

    Map<String, Object> componentSpec() {
        return componentSpec;
    }

    Interface componentInterface() {
        return componentInterface;
    }
}
