package com.pipelines.pipeline.ir;

import java.util.Map;
import java.util.Set;

import com.pipelines.pipeline.FieldViolation;

/** A task's caching and retry options as kfp writes them ({@code cachingOptions}, {@code retryPolicy}), checked. */
final class TaskPolicies {

    private final Specs specs;
    private final Map<String, Object> body;
    private final String path;

    TaskPolicies(Specs specs, Map<String, Object> body, String path) {
        this.specs = specs;
        this.body = body;
        this.path = path;
    }

    boolean enableCache() {
        Map<String, Object> options = specs.map(body, "cachingOptions", path + ".cachingOptions", false);
        Object enable = options == null ? null : options.get("enableCache");
        if (enable != null && !(enable instanceof Boolean)) {
            specs.errors().add(new FieldViolation(path + ".cachingOptions.enableCache", "must be true or false"));
        }
        return options == null || Boolean.TRUE.equals(enable);
    }

    String cacheKey() {
        Map<String, Object> options = specs.map(body, "cachingOptions", path + ".cachingOptions", false);
        Object key = options == null ? null : options.get("cacheKey");
        if (key == null || "".equals(key)) {
            return null;
        }
        if (!(key instanceof String text) || text.length() > 1000) {
            specs.errors().add(new FieldViolation(path + ".cachingOptions.cacheKey", "must be a string of at most 1000 "
                    + "characters"));
            return null;
        }
        return text;
    }

    /** kfp's {@code retryPolicy}; null when the task has none (the service's own retries apply). */
    TaskNode.Retry retry() {
        String at = path + ".retryPolicy";
        Map<String, Object> policy = specs.map(body, "retryPolicy", at, false);
        if (policy == null) {
            return null;
        }
        policy.keySet().stream().filter(k -> !RETRY_FIELDS.contains(k)).forEach(k -> specs.errors().add(
                new FieldViolation(at + "." + k, "unknown field of a retryPolicy")));
        Object count = policy.getOrDefault("maxRetryCount", 0);
        int retries = 0;
        if (!(count instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0
                || n.doubleValue() > SpecParser.MAX_RETRIES) {
            specs.errors().add(new FieldViolation(at + ".maxRetryCount", "must be an integer from 0 to "
                    + SpecParser.MAX_RETRIES));
        } else {
            retries = n.intValue();
        }
        java.time.Duration backoff = duration(policy.get("backoffDuration"), at + ".backoffDuration",
                java.time.Duration.ZERO);
        java.time.Duration max = duration(policy.get("backoffMaxDuration"), at + ".backoffMaxDuration",
                java.time.Duration.ofHours(1));
        Object factor = policy.getOrDefault("backoffFactor", 2.0);
        double f = 2.0;
        if (!(factor instanceof Number n) || !(n.doubleValue() >= 1.0 && n.doubleValue() <= 100.0)) {
            specs.errors().add(new FieldViolation(at + ".backoffFactor", "must be a number from 1 to 100"));
        } else {
            f = n.doubleValue();
        }
        return new TaskNode.Retry(retries, backoff, f, max);
    }

    private static final Set<String> RETRY_FIELDS = Set.of("maxRetryCount", "backoffDuration", "backoffFactor",
            "backoffMaxDuration");

    /** A protobuf Duration as JSON writes it ({@code "3600s"}, {@code "0.5s"}), up to a day. */
    private java.time.Duration duration(Object value, String at, java.time.Duration absent) {
        if (value == null) {
            return absent;
        }
        if (value instanceof String text && text.matches("\\d{1,6}(\\.\\d{1,9})?s")) {
            java.time.Duration parsed = java.time.Duration.ofNanos(new java.math.BigDecimal(
                    text.substring(0, text.length() - 1)).movePointRight(9).longValueExact());
            if (parsed.compareTo(java.time.Duration.ofDays(1)) <= 0) {
                return parsed;
            }
        }
        specs.errors().add(new FieldViolation(at, "must be a duration in seconds such as \"30s\", at most a day (86400s)"));
        return absent;
    }
}
