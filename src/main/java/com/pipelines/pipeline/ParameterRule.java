package com.pipelines.pipeline;

import java.util.Map;
import java.util.function.Predicate;

/** A check across several parameters, e.g. {@code maxReplicaCount >= minReplicaCount}, on resolved values. */
public record ParameterRule(String parameter, String message, Predicate<Map<String, Object>> holds) {
}
