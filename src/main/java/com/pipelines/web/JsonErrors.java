package com.pipelines.web;

import java.util.stream.Collectors;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns Jackson's reading errors into a field path and a message a client can act on, without internals. */
final class JsonErrors {

    private JsonErrors() {
    }

    static ApiExceptionHandler.FieldProblem describe(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getMostSpecificCause();
        if (!(cause instanceof JacksonException json)) {
            return new ApiExceptionHandler.FieldProblem("", "The request body is missing or is not valid JSON");
        }
        String path = path(json);
        if (json instanceof UnrecognizedPropertyException unknown) {
            return new ApiExceptionHandler.FieldProblem(path, "unknown field '" + unknown.getPropertyName() + "'");
        }
        if (json instanceof InvalidFormatException || json instanceof MismatchedInputException) {
            Class<?> target = ((MismatchedInputException) json).getTargetType();
            return new ApiExceptionHandler.FieldProblem(path, "must be " + expected(target));
        }
        if (json instanceof StreamReadException read && read.getLocation() != null) {
            return new ApiExceptionHandler.FieldProblem("", "Malformed JSON at line " + read.getLocation().getLineNr()
                    + ", column " + read.getLocation().getColumnNr());
        }
        return new ApiExceptionHandler.FieldProblem(path, "cannot be read");
    }

    private static String path(JacksonException json) {
        return json.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "of another type";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (target == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
            return "a number";
        }
        if (java.util.Map.class.isAssignableFrom(target) || target.isRecord()) {
            return "a JSON object";
        }
        if (target.isEnum()) {
            return "one of " + java.util.List.of(target.getEnumConstants());
        }
        return "a valid " + target.getSimpleName();
    }
}
