package com.pipelines.pipeline;

/** One thing wrong with a request: the field at fault (a JSON path such as {@code parameterValues.epochs}) and why. */
public record FieldViolation(String field, String message) {
}
