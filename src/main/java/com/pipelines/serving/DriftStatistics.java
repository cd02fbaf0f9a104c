package com.pipelines.serving;

import java.util.Map;

/** The distances model monitoring uses, as Vertex AI Model Monitoring does. */
final class DriftStatistics {

    private DriftStatistics() {
    }

    /** Jensen–Shannon distance (the square root of the divergence, base 2): 0 for equal, 1 for disjoint. */
    static double jensenShannon(double[] p, double[] q) {
        double[] pn = normalised(p);
        double[] qn = normalised(q);
        double divergence = 0;
        for (int i = 0; i < pn.length; i++) {
            double m = (pn[i] + qn[i]) / 2;
            divergence += 0.5 * term(pn[i], m) + 0.5 * term(qn[i], m);
        }
        return Math.sqrt(Math.max(0, Math.min(1, divergence)));
    }

    private static double term(double x, double m) {
        return x == 0 ? 0 : x * (Math.log(x / m) / Math.log(2));
    }

    /** L-infinity distance of two distributions given as counts by value. */
    static double lInfinity(Map<String, Double> p, Map<String, Double> q) {
        double pTotal = p.values().stream().mapToDouble(Double::doubleValue).sum();
        double qTotal = q.values().stream().mapToDouble(Double::doubleValue).sum();
        double max = 0;
        java.util.Set<String> keys = new java.util.HashSet<>(p.keySet());
        keys.addAll(q.keySet());
        for (String key : keys) {
            double a = pTotal == 0 ? 0 : p.getOrDefault(key, 0.0) / pTotal;
            double b = qTotal == 0 ? 0 : q.getOrDefault(key, 0.0) / qTotal;
            max = Math.max(max, Math.abs(a - b));
        }
        return max;
    }

    private static double[] normalised(double[] counts) {
        double total = 0;
        for (double c : counts) {
            total += c;
        }
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = total == 0 ? 0 : counts[i] / total;
        }
        return out;
    }
}
