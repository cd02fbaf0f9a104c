package com.pipelines.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * A pipeline: its steps in execution order (each runs after the one before it), its declared parameters and the
 * rules that span several parameters. Declared as a bean; {@link PipelineCatalog} collects them.
 */
public record PipelineDefinition(String name, String description, List<String> steps,
                                 List<ParameterSpec> parameters, List<ParameterRule> rules) {

    public PipelineDefinition {
        steps = List.copyOf(steps);
        parameters = List.copyOf(parameters);
        rules = List.copyOf(rules);
    }

    public String firstStep() {
        return steps.get(0);
    }

    public Optional<String> stepAfter(String step) {
        int index = steps.indexOf(step);
        if (index < 0) {
            throw new IllegalArgumentException("step " + step + " is not part of " + name);
        }
        return index + 1 < steps.size() ? Optional.of(steps.get(index + 1)) : Optional.empty();
    }

    public Optional<ParameterSpec> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }
}
