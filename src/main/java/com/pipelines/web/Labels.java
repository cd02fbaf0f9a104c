package com.pipelines.web;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Labels as Vertex AI has them, for runs, schedules, experiments and models: at most 64; keys and values of
 * lower-case letters, digits, '_' and '-', at most 64 characters each, keys starting with a letter.
 */
public final class Labels {

    public static final int MAX = 64;
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final Pattern VALUE = Pattern.compile("[a-z0-9_-]{0,64}");

    private Labels() {
    }

    /** The labels sorted by key, or a 400 problem naming {@code field} (and the key at fault). */
    public static Map<String, String> checked(Map<String, String> labels, String field) {
        if (labels == null) {
            return Map.of();
        }
        if (labels.size() > MAX) {
            throw invalid(field, "at most " + MAX + " labels");
        }
        Map<String, String> sorted = new TreeMap<>();
        labels.forEach((key, value) -> {
            if (key == null || !KEY.matcher(key).matches()) {
                throw invalid(field + "." + key, "a label key is 1-64 lower-case letters, digits, '_' and '-', "
                        + "starting with a letter");
            }
            if (value == null || !VALUE.matcher(value).matches()) {
                throw invalid(field + "." + key, "a label value is 0-64 lower-case letters, digits, '_' and '-'");
            }
            sorted.put(key, value);
        });
        return sorted;
    }

    private static ErrorResponseException invalid(String field, String detail) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, ApiProblem.of(HttpStatus.BAD_REQUEST,
                "invalid-labels", "Invalid labels", field + ": " + detail, field), null);
    }
}
