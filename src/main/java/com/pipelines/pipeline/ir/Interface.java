package com.pipelines.pipeline.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pipelines.pipeline.FieldViolation;
import com.pipelines.pipeline.ParameterSpec;
import com.pipelines.pipeline.ParameterType;

/** A component's (or the root's) declared inputs and outputs: parameter types and artifact schema titles. */
record Interface(Map<String, Declared> inputParameters, Map<String, String> inputArtifacts,
                 Map<String, ParameterType> outputParameters, Map<String, String> outputArtifacts,
                 java.util.Set<String> optionalInputArtifacts) {

    record Declared(ParameterType type, boolean optional, Object defaultValue, String description) {
    }

    static Interface of(Specs specs, Map<String, Object> component, String path) {
        Map<String, Declared> inputParameters = new LinkedHashMap<>();
        Map<String, String> inputArtifacts = new LinkedHashMap<>();
        Map<String, ParameterType> outputParameters = new LinkedHashMap<>();
        Map<String, String> outputArtifacts = new LinkedHashMap<>();
        java.util.Set<String> optional = new java.util.HashSet<>();
        if (component == null) {
            return new Interface(inputParameters, inputArtifacts, outputParameters, outputArtifacts, optional);
        }
        Map<String, Object> in = specs.map(component, "inputDefinitions", path + ".inputDefinitions", false);
        if (in != null) {
            parameters(specs, in, path + ".inputDefinitions").forEach(inputParameters::put);
            artifacts(specs, in, path + ".inputDefinitions").forEach(inputArtifacts::put);
            Map<String, Object> declared = specs.map(in, "artifacts", path + ".inputDefinitions.artifacts", false);
            if (declared != null) {
                declared.forEach((name, body) -> {
                    if (body instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("isOptional"))) {
                        optional.add(name);
                    }
                });
            }
        }
        Map<String, Object> out = specs.map(component, "outputDefinitions", path + ".outputDefinitions", false);
        if (out != null) {
            parameters(specs, out, path + ".outputDefinitions").forEach((k, v) -> outputParameters.put(k, v.type()));
            artifacts(specs, out, path + ".outputDefinitions").forEach(outputArtifacts::put);
        }
        return new Interface(inputParameters, inputArtifacts, outputParameters, outputArtifacts, optional);
    }

    private static Map<String, Declared> parameters(Specs specs, Map<String, Object> definitions, String path) {
        Map<String, Declared> result = new LinkedHashMap<>();
        Map<String, Object> parameters = specs.map(definitions, "parameters", path + ".parameters", false);
        if (parameters == null) {
            return result;
        }
        parameters.forEach((name, body) -> {
            String at = path + ".parameters." + name;
            if (!(body instanceof Map<?, ?>)) {
                specs.errors().add(new FieldViolation(at, "must be an object"));
                return;
            }
            Map<String, Object> definition = Specs.cast(body);
            if ("TASK_FINAL_STATUS".equals(definition.get("parameterType"))) {
                // dsl.PipelineTaskFinalStatus: a struct the engine fills from the exit handler's group
                result.put(name, new Declared(ParameterType.STRUCT, true, null, null));
                return;
            }
            ParameterType type = type(specs, definition.get("parameterType"), at + ".parameterType");
            if (type == null) {
                return;
            }
            Object defaultValue = definition.get("defaultValue");
            if (defaultValue != null && !fits(type, defaultValue)) {
                specs.errors().add(new FieldViolation(at + ".defaultValue", "is not a " + type + " value"));
            }
            boolean optional = Boolean.TRUE.equals(definition.get("isOptional"));
            Object description = definition.get("description");
            result.put(name, new Declared(type, optional, normalize(type, defaultValue),
                    description instanceof String s ? s : null));
        });
        return result;
    }

    private static Map<String, String> artifacts(Specs specs, Map<String, Object> definitions, String path) {
        Map<String, String> result = new LinkedHashMap<>();
        Map<String, Object> artifacts = specs.map(definitions, "artifacts", path + ".artifacts", false);
        if (artifacts == null) {
            return result;
        }
        artifacts.forEach((name, body) -> {
            String at = path + ".artifacts." + name;
            Map<String, Object> type = body instanceof Map<?, ?> m ? specs.map(Specs.cast(m), "artifactType",
                    at + ".artifactType", true) : null;
            String title = type == null ? null : specs.string(type, "schemaTitle", at + ".artifactType.schemaTitle", true);
            if (title != null) {
                result.put(name, title);
            }
        });
        return result;
    }

    private static ParameterType type(Specs specs, Object value, String path) {
        if (value instanceof String name) {
            for (ParameterType type : ParameterType.values()) {
                if (type.name().equals(name)) {
                    return type;
                }
            }
        }
        specs.errors().add(new FieldViolation(path, "must be one of NUMBER_INTEGER, NUMBER_DOUBLE, STRING, BOOLEAN, "
                + "LIST, STRUCT"));
        return null;
    }

    static boolean fits(ParameterType type, Object value) {
        return switch (type) {
            case NUMBER_INTEGER -> value instanceof Number n && !(value instanceof Double d && d.isInfinite())
                    && n.doubleValue() == Math.rint(n.doubleValue()) && inLongRange(n);
            case NUMBER_DOUBLE -> value instanceof Number;
            case STRING -> value instanceof String;
            case BOOLEAN -> value instanceof Boolean;
            case LIST -> value instanceof java.util.List;
            case STRUCT -> value instanceof Map;
        };
    }

    /** Within the 64-bit range a NUMBER_INTEGER holds (1e20 is refused, never wrapped). */
    static boolean inLongRange(Number n) {
        try {
            new java.math.BigDecimal(n.toString()).toBigIntegerExact().longValueExact();
            return true;
        } catch (ArithmeticException | NumberFormatException e) {
            return false;
        }
    }

    static Object normalize(ParameterType type, Object value) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case NUMBER_INTEGER -> ((Number) value).longValue();
            case NUMBER_DOUBLE -> ((Number) value).doubleValue();
            default -> value;
        };
    }

    /** The root's parameters as run parameter declarations (no ranges: those come from the components they feed). */
    List<ParameterSpec> rootParameters(Specs specs) {
        List<ParameterSpec> result = new ArrayList<>();
        inputParameters.forEach((name, declared) -> result.add(new ParameterSpec(name, declared.type(),
                declared.description(), declared.defaultValue(), declared.optional() && declared.defaultValue() == null,
                null, false, null, null, null)));
        return result;
    }
}
