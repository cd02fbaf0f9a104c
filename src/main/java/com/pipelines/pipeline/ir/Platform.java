package com.pipelines.pipeline.ir;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.pipelines.pipeline.FieldViolation;

/**
 * The kfp-kubernetes platform document kept with a spec ({@code platforms.kubernetes.deploymentSpec.executors}):
 * {@code activeDeadlineSeconds} ({@code kubernetes.set_timeout}) becomes the time limit of the executor's tasks;
 * everything else (secrets, volumes, node selectors, pod metadata …) is Kubernetes' business and noted as not
 * applied in-process.
 */
final class Platform {

    static final long MAX_TIMEOUT_SECONDS = 7 * 24 * 3600L;

    private final Map<String, Duration> timeouts;

    private Platform(Map<String, Duration> timeouts) {
        this.timeouts = timeouts;
    }

    /** The time limit kfp-kubernetes sets for tasks of executor {@code label}, or null. */
    Duration timeout(String label) {
        return label == null ? null : timeouts.get(label);
    }

    static Platform read(Specs specs, List<InProcessGap> notes) {
        Map<String, Duration> timeouts = new HashMap<>();
        Map<String, Object> platforms = specs.map(specs.spec(), "platforms", "$.platforms", false);
        if (platforms == null) {
            return new Platform(timeouts);
        }
        platforms.keySet().stream().filter(name -> !name.equals("kubernetes")).forEach(name -> notes.add(
                new InProcessGap("$.platforms." + name, "platform " + name, "configuration for another platform")));
        Map<String, Object> kubernetes = specs.map(platforms, "kubernetes", "$.platforms.kubernetes", false);
        Map<String, Object> deployment = kubernetes == null ? null
                : specs.map(kubernetes, "deploymentSpec", "$.platforms.kubernetes.deploymentSpec", false);
        Map<String, Object> executors = deployment == null ? null
                : specs.map(deployment, "executors", "$.platforms.kubernetes.deploymentSpec.executors", false);
        if (executors == null) {
            return new Platform(timeouts);
        }
        executors.forEach((label, body) -> {
            String at = "$.platforms.kubernetes.deploymentSpec.executors." + label;
            if (!(body instanceof Map<?, ?> config)) {
                specs.errors().add(new FieldViolation(at, "must be an object"));
                return;
            }
            Specs.cast(config).forEach((key, value) -> {
                if (key.equals("activeDeadlineSeconds")) {
                    Duration limit = seconds(value);
                    if (limit == null) {
                        specs.errors().add(new FieldViolation(at + "." + key, "must be a whole number of seconds "
                                + "from 1 to " + MAX_TIMEOUT_SECONDS));
                    } else {
                        timeouts.put(label, limit);
                    }
                } else {
                    notes.add(new InProcessGap(at + "." + key, "kubernetes." + key, "Kubernetes pod configuration "
                            + "is not applied in-process"));
                }
            });
        });
        return new Platform(timeouts);
    }

    private static Duration seconds(Object value) {
        String text = value == null ? "" : value.toString();
        if (!text.matches("\\d{1,9}")) {
            return null;
        }
        long seconds = Long.parseLong(text);
        return seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS ? Duration.ofSeconds(seconds) : null;
    }
}
