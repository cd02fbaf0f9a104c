package com.pipelines.pipeline;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/** The pipelines this service runs and the step implementations behind them. */
@Component
public class PipelineCatalog {

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
}
