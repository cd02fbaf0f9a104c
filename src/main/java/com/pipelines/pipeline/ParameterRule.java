package com.pipelines.pipeline;

import java.util.Map;
import java.util.function.Predicate;

/**
 * A check across several settings of a run, e.g. {@code maxReplicaCount >= minReplicaCount}, on resolved values;
 * {@code field} is the request field blamed when it fails.
 */
public record ParameterRule(String field, String message, Predicate<RunSettings> holds) {

    /** The run settings a rule may look at: the resolved parameter values and the normalised pipeline root. */
    public record RunSettings(Map<String, Object> parameters, String pipelineRoot) {
    }

    /** A rule over parameter values only, blaming {@code parameterValues.<parameter>}. */
    public static ParameterRule onParameters(String parameter, String message, Predicate<Map<String, Object>> holds) {
        return new ParameterRule("parameterValues." + parameter, message, settings -> holds.test(settings.parameters()));
    }
}
