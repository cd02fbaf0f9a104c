package com.pipelines.deploy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Traffic split arithmetic: percentages per deployed model, always summing to 100 when anything is deployed. */
final class TrafficSplit {

    private TrafficSplit() {
    }

    /**
     * Gives {@code percentage} to a newly deployed model and scales the others down in proportion to share the
     * rest, as Vertex AI does. The first model on an endpoint always takes 100.
     */
    static Map<String, Integer> withNewModel(Map<String, Integer> current, String newId, int percentage) {
        if (current.isEmpty()) {
            return new LinkedHashMap<>(Map.of(newId, 100));
        }
        Map<String, Integer> split = distribute(current, 100 - percentage);
        split.put(newId, percentage);
        return split;
    }

    /** Removes a model; the others share its traffic in proportion to what they had. */
    static Map<String, Integer> without(Map<String, Integer> current, String removedId) {
        Map<String, Integer> remaining = new LinkedHashMap<>(current);
        remaining.remove(removedId);
        return remaining.isEmpty() ? remaining : distribute(remaining, 100);
    }

    /** Splits {@code total} over the ids in proportion to their weights (equally if all are 0), largest remainder. */
    private static Map<String, Integer> distribute(Map<String, Integer> weights, int total) {
        int sum = weights.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Integer> split = new LinkedHashMap<>();
        List<Map.Entry<String, Double>> remainders = new ArrayList<>();
        int assigned = 0;
        for (Map.Entry<String, Integer> entry : weights.entrySet()) {
            double exact = sum == 0 ? (double) total / weights.size() : (double) total * entry.getValue() / sum;
            int share = (int) Math.floor(exact);
            split.put(entry.getKey(), share);
            assigned += share;
            remainders.add(Map.entry(entry.getKey(), exact - share));
        }
        remainders.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        for (int i = 0; assigned < total; i++, assigned++) {
            split.merge(remainders.get(i % remainders.size()).getKey(), 1, Integer::sum);
        }
        return split;
    }

    static void validate(Map<String, Integer> split, Set<String> deployedIds) {
        if (!split.keySet().equals(deployedIds)) {
            throw DeployException.invalidTrafficSplit("The split must name exactly the deployed models "
                    + deployedIds + ", got " + split.keySet());
        }
        for (Map.Entry<String, Integer> entry : split.entrySet()) {
            if (entry.getValue() == null || entry.getValue() < 0 || entry.getValue() > 100) {
                throw DeployException.invalidTrafficSplit("Share of " + entry.getKey() + " must be 0-100");
            }
        }
        int sum = split.values().stream().mapToInt(Integer::intValue).sum();
        if (!deployedIds.isEmpty() && sum != 100) {
            throw DeployException.invalidTrafficSplit("Percentages must sum to 100, they sum to " + sum);
        }
    }
}
