package com.pipelines.pipeline.ir;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pipelines.pipeline.ParameterSpec;
import com.pipelines.pipeline.ParameterType;

/**
 * What one of our components accepts and produces, as the step implementing it declares: the parser checks a
 * spec's wiring of the component against it, and the engine validates a task's values with its parameter rules.
 */
public record ComponentContract(String step, String command, Map<String, ParameterSpec> parameters,
                                Set<String> inputArtifacts, Set<String> requiredInputArtifacts,
                                Set<String> outputArtifacts, Map<String, ParameterType> outputParameters) {

    /** The contracts of this build's components, found by the verb of their command line. */
    public interface Catalog {
        java.util.Optional<ComponentContract> forCommand(String verb);

        List<String> commands();
    }
}
