package com.pipelines.pipeline;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One declared run parameter. {@code min}/{@code max} bound numbers (inclusive unless {@code minExclusive}),
 * {@code allowedValues} restricts strings, {@code pattern} is a regular expression for strings.
 */
@Schema(description = "A declared pipeline parameter")
public record ParameterSpec(
        String name,
        ParameterType type,
        String description,
        @Schema(description = "value used when the run does not give one; absent for optional parameters")
        Object defaultValue,
        boolean optional,
        Double min,
        boolean minExclusive,
        Double max,
        List<String> allowedValues,
        String pattern) {

    public static ParameterSpec integer(String name, String description, Long defaultValue, long min, long max) {
        return new ParameterSpec(name, ParameterType.NUMBER_INTEGER, description, defaultValue,
                defaultValue == null, (double) min, false, (double) max, null, null);
    }

    public static ParameterSpec number(String name, String description, double defaultValue,
                                       double min, boolean minExclusive, double max) {
        return new ParameterSpec(name, ParameterType.NUMBER_DOUBLE, description, defaultValue,
                false, min, minExclusive, max, null, null);
    }

    public static ParameterSpec choice(String name, String description, String defaultValue, String... allowed) {
        return new ParameterSpec(name, ParameterType.STRING, description, defaultValue,
                false, null, false, null, List.of(allowed), null);
    }

    public static ParameterSpec text(String name, String description, String defaultValue, String pattern) {
        return new ParameterSpec(name, ParameterType.STRING, description, defaultValue,
                defaultValue == null, null, false, null, null, pattern);
    }

    /** Why {@code value} breaks this declaration (type, range, choices, pattern), or null when it does not. */
    public String violation(Object value) {
        return ParameterValidator.check(this, value);
    }
}
