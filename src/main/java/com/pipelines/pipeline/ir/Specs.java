package com.pipelines.pipeline.ir;

import java.util.List;
import java.util.Map;

import com.pipelines.pipeline.FieldViolation;

/**
 * Typed reads of a parsed JSON/YAML document that report what is missing or mistyped, with its path ({@code errors}:
 * the document is not valid IR), and what is valid but not run in-process ({@code gaps}).
 */
record Specs(Map<String, Object> spec, List<FieldViolation> errors, List<InProcessGap> gaps) {

    /** A valid construct the in-process engine does not run: the spec is stored, an in-process run refused. */
    void gap(String path, String construct, String reason) {
        gaps.add(new InProcessGap(path, construct, reason));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    Map<String, Object> map(Map<String, Object> parent, String key, String path, boolean required) {
        Object value = parent == null ? null : parent.get(key);
        if (value == null) {
            if (required) {
                errors.add(new FieldViolation(path, "is required"));
            }
            return null;
        }
        if (!(value instanceof Map<?, ?>)) {
            errors.add(new FieldViolation(path, "must be an object"));
            return null;
        }
        return cast(value);
    }

    String string(Map<String, Object> parent, String key, String path, boolean required) {
        Object value = parent.get(key);
        if (value == null) {
            if (required) {
                errors.add(new FieldViolation(path, "is required"));
            }
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(new FieldViolation(path, "must be a string"));
            return null;
        }
        return text;
    }

    List<?> list(Map<String, Object> parent, String key, String path) {
        Object value = parent.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            errors.add(new FieldViolation(path, "must be an array"));
            return List.of();
        }
        return list;
    }

    Map<String, Object> component(String name) {
        Map<String, Object> components = spec.get("components") instanceof Map<?, ?> m ? cast(m) : Map.of();
        return components.get(name) instanceof Map<?, ?> c ? cast(c) : null;
    }

    Map<String, Object> executor(String label) {
        Object deployment = spec.get("deploymentSpec");
        if (!(deployment instanceof Map<?, ?> d) || !(d.get("executors") instanceof Map<?, ?> executors)) {
            return null;
        }
        return executors.get(label) instanceof Map<?, ?> e ? cast(e) : null;
    }
}
