package com.pipelines.pipeline;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.pipelines.pipeline.ir.ComponentContract;
import org.springframework.stereotype.Component;

/** The pipelines this service runs and the step implementations behind them. */
@Component
public class PipelineCatalog implements ComponentContract.Catalog {

    private final Map<String, PipelineDefinition> pipelines;
    private final Map<String, PipelineStep> steps;
    private final Set<String> parameterNames;

    public PipelineCatalog(List<PipelineDefinition> pipelines, List<PipelineStep> steps) {
        this.pipelines = pipelines.stream()
                .collect(Collectors.toMap(PipelineDefinition::name, Function.identity(), (a, b) -> {
                    throw new IllegalStateException("two pipelines named " + a.name());
                }, TreeMap::new));
        this.steps = steps.stream()
                .collect(Collectors.toMap(PipelineStep::name, Function.identity(), (a, b) -> {
                    throw new IllegalStateException("two steps named " + a.name());
                }));
        this.parameterNames = pipelines.stream().flatMap(p -> p.parameters().stream()).map(ParameterSpec::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    public Collection<PipelineDefinition> pipelines() {
        return pipelines.values();
    }

    /** Whether {@code name} is a built-in pipeline. */
    public boolean has(String name) {
        return pipelines.containsKey(name);
    }

    public PipelineDefinition pipeline(String name) {
        PipelineDefinition pipeline = pipelines.get(name);
        if (pipeline == null) {
            throw PipelineException.notFound(name);
        }
        return pipeline;
    }

    /** Every parameter name any pipeline declares. */
    public Set<String> parameterNames() {
        return parameterNames;
    }

    /** Every step, as a component. */
    public Collection<PipelineStep> steps() {
        return steps.values();
    }

    /** The pipeline whose definition declares the step's parameters; empty for a standalone component. */
    public Optional<PipelineDefinition> owner(PipelineStep step) {
        return pipelines.values().stream().filter(p -> p.steps().contains(step.name())).findFirst();
    }

    public Optional<PipelineStep> step(String name) {
        return Optional.ofNullable(steps.get(name));
    }

    /**
     * Validates the given values against the pipeline's declarations and its rules (which may also look at the
     * run's pipeline root); returns them with defaults filled in.
     */
    public Map<String, Object> resolveParameters(String pipelineName, Map<String, Object> given, String pipelineRoot) {
        return ParameterValidator.resolve(pipeline(pipelineName), given, pipelineRoot);
    }

    /**
     * A task's input values checked against the rules of the component that runs it (types, ranges, choices and the
     * rules of its pipeline over its own parameters), defaults filled in. Values arriving from upstream tasks can only
     * be checked here, when the task starts.
     */
    public Map<String, Object> componentInputs(PipelineStep step, Map<String, Object> values, String pipelineRoot) {
        ComponentContract contract = contract(step);
        PipelineDefinition owner = pipelines.values().stream().filter(p -> p.steps().contains(step.name()))
                .findFirst().orElse(null);
        List<ParameterRule> rules = owner == null ? List.of() : owner.rules().stream()
                .filter(rule -> !rule.field().startsWith("parameterValues.")
                        || contract.parameters().containsKey(rule.field().substring("parameterValues.".length())))
                .map(rule -> new ParameterRule(rule.field(), rule.message(), settings -> {
                    try {
                        return rule.holds().test(settings);
                    } catch (NullPointerException | ClassCastException notAbout) {
                        return true;
                    }
                }))
                .toList();
        PipelineDefinition component = new PipelineDefinition(step.name(), step.description(), List.of(step.name()),
                List.copyOf(contract.parameters().values()), rules);
        return ParameterValidator.resolve(component, values, pipelineRoot);
    }

    /** The component whose command-line verb is {@code verb}: its parameters as the first pipeline using it declares them. */
    @Override
    public Optional<ComponentContract> forCommand(String verb) {
        return steps.values().stream().filter(step -> step.command().equals(verb)).findFirst().map(this::contract);
    }

    @Override
    public List<String> commands() {
        return steps.values().stream().map(PipelineStep::command).sorted().toList();
    }

    /** The component a step implements. */
    public ComponentContract contract(PipelineStep step) {
        List<ParameterSpec> declared = pipelines.values().stream().filter(p -> p.steps().contains(step.name()))
                .findFirst().map(p -> PipelineSpecCompiler.parametersOf(p, step)).orElse(step.parameterSpecs());
        Map<String, ParameterSpec> parameters = new java.util.LinkedHashMap<>();
        declared.forEach(spec -> parameters.put(spec.name(), spec));
        return new ComponentContract(step.name(), step.command(), parameters,
                step.inputs().stream().map(ArtifactSpec::name).collect(Collectors.toUnmodifiableSet()),
                step.inputs().stream().filter(input -> !input.optional()).map(ArtifactSpec::name)
                        .collect(Collectors.toUnmodifiableSet()),
                step.outputs().stream().map(ArtifactSpec::name).collect(Collectors.toUnmodifiableSet()),
                step.outputParameters());
    }
}
