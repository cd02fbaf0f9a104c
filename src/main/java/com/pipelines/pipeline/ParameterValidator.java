package com.pipelines.pipeline;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks run parameters against a pipeline's declarations and fills in defaults. Every problem is reported at once,
 * each with the field at fault; nothing is coerced (the string "3" is not an integer).
 */
final class ParameterValidator {

    private static final int MAX_STRING_LENGTH = 1024;
    private static final int MAX_LIST_SIZE = 1000;
    private static final String FIELD = "parameterValues.";
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private ParameterValidator() {
    }

    static Map<String, Object> resolve(PipelineDefinition pipeline, Map<String, Object> given, String pipelineRoot) {
        Map<String, Object> values = given == null ? Map.of() : given;
        List<FieldViolation> errors = new ArrayList<>();
        values.keySet().stream()
                .filter(key -> pipeline.parameter(key).isEmpty())
                .sorted()
                .forEach(key -> errors.add(new FieldViolation(FIELD + printable(key),
                        "unknown parameter; " + pipeline.name() + " declares " + declaredNames(pipeline))));
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (ParameterSpec spec : pipeline.parameters()) {
            Object value = values.containsKey(spec.name()) ? values.get(spec.name()) : spec.defaultValue();
            if (value == null) {
                if (!spec.optional()) {
                    errors.add(new FieldViolation(FIELD + spec.name(), "must not be null"));
                }
                continue;
            }
            String problem = check(spec, value);
            if (problem != null) {
                errors.add(new FieldViolation(FIELD + spec.name(), problem));
            } else {
                resolved.put(spec.name(), normalize(spec, value));
            }
        }
        if (errors.isEmpty()) {
            ParameterRule.RunSettings settings = new ParameterRule.RunSettings(resolved, pipelineRoot);
            pipeline.rules().stream().filter(rule -> !rule.holds().test(settings))
                    .forEach(rule -> errors.add(new FieldViolation(rule.field(), rule.message())));
        }
        if (!errors.isEmpty()) {
            throw PipelineException.invalidParameters(errors);
        }
        return resolved;
    }

    static String check(ParameterSpec spec, Object value) {
        return switch (spec.type()) {
            case NUMBER_INTEGER -> checkInteger(spec, value);
            case NUMBER_DOUBLE -> checkDouble(spec, value);
            case STRING -> checkString(spec, value);
            case BOOLEAN -> value instanceof Boolean ? null : "must be true or false, got " + describe(value);
            case LIST -> !(value instanceof List<?> list) ? "must be an array, got " + describe(value)
                    : list.size() > MAX_LIST_SIZE ? "must have at most " + MAX_LIST_SIZE + " items" : null;
            case STRUCT -> value instanceof java.util.Map<?, ?> ? null : "must be an object, got " + describe(value);
        };
    }

    private static String checkInteger(ParameterSpec spec, Object value) {
        if (!(value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger)) {
            return "must be an integer, got " + describe(value);
        }
        BigInteger number = new BigInteger(value.toString());
        if (number.bitLength() > 63) {
            return rangeMessage(spec);
        }
        return inRange(spec, number.doubleValue()) ? null : rangeMessage(spec);
    }

    private static String checkDouble(ParameterSpec spec, Object value) {
        if (!(value instanceof Number number)) {
            return "must be a number, got " + describe(value);
        }
        double d = number instanceof BigDecimal big ? big.doubleValue() : number.doubleValue();
        if (!Double.isFinite(d)) {
            return "must be a finite number";
        }
        return inRange(spec, d) ? null : rangeMessage(spec);
    }

    private static String checkString(ParameterSpec spec, Object value) {
        if (!(value instanceof String text)) {
            return "must be a string, got " + describe(value);
        }
        if (text.length() > MAX_STRING_LENGTH) {
            return "must be at most " + MAX_STRING_LENGTH + " characters";
        }
        if (CONTROL.matcher(text).find()) {
            return "must not contain control characters";
        }
        if (spec.allowedValues() != null && !spec.allowedValues().contains(text)) {
            return "must be one of " + spec.allowedValues();
        }
        if (spec.pattern() != null && !Pattern.matches(spec.pattern(), text)) {
            return "must match " + spec.pattern();
        }
        return null;
    }

    private static boolean inRange(ParameterSpec spec, double value) {
        boolean aboveMin = spec.min() == null
                || (spec.minExclusive() ? value > spec.min() : value >= spec.min());
        return aboveMin && (spec.max() == null || value <= spec.max());
    }

    private static String rangeMessage(ParameterSpec spec) {
        String low = spec.min() == null ? "" : (spec.minExclusive() ? "> " : ">= ") + format(spec, spec.min());
        String high = spec.max() == null ? "" : "<= " + format(spec, spec.max());
        return "must be " + (low.isEmpty() || high.isEmpty() ? low + high : low + " and " + high);
    }

    private static String format(ParameterSpec spec, double bound) {
        return spec.type() == ParameterType.NUMBER_INTEGER ? Long.toString((long) bound) : Double.toString(bound);
    }

    private static Object normalize(ParameterSpec spec, Object value) {
        return switch (spec.type()) {
            case NUMBER_INTEGER -> ((Number) value).longValue();
            case NUMBER_DOUBLE -> ((Number) value).doubleValue();
            default -> value;
        };
    }

    private static String describe(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return value instanceof Number ? "the number " + value : value.getClass().getSimpleName().toLowerCase();
    }

    private static String printable(String key) {
        String clean = CONTROL.matcher(key).replaceAll("?");
        return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
    }

    private static List<String> declaredNames(PipelineDefinition pipeline) {
        return pipeline.parameters().stream().map(ParameterSpec::name).toList();
    }
}
