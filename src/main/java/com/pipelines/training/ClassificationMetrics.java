package com.pipelines.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pipelines.pipeline.ArtifactSpec;
import com.pipelines.pipeline.StepContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test-set evaluation as KFP's {@code system.ClassificationMetrics} artifact metadata: {@code confusionMatrix}
 * (rows = true class, columns = predicted, with the class names as {@code annotationSpecs}),
 * {@code confidenceMetrics} one-vs-rest and micro-averaged over thresholds 0–1, {@code auPrc}, {@code auRoc} and
 * {@code logLoss}; plus precision, recall and F1 per class.
 */
record ClassificationMetrics(List<String> classes, long[][] confusion, List<Map<String, Object>> confidence,
                             double auPrc, double auRoc, double logLoss) {

    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final int THRESHOLDS = 20;

    static List<String> classNames(String dataset) {
        return "fashion-mnist".equals(dataset) ? FASHION : DIGITS;
    }

    /** From the probabilities of every test image ({@code labels.length} rows of {@code classes.size()}). */
    static ClassificationMetrics of(float[] probabilities, byte[] labels, List<String> classes) {
        int[] ints = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            ints[i] = Byte.toUnsignedInt(labels[i]);
        }
        return of(probabilities, ints, classes);
    }

    /** From the probabilities of every test example and its label, the index of its class name. */
    static ClassificationMetrics of(float[] probabilities, int[] labels, List<String> classes) {
        int k = classes.size();
        int n = labels.length;
        long[][] confusion = new long[k][k];
        double logLoss = 0;
        float[] scores = new float[n * k];
        boolean[] positives = new boolean[n * k];
        for (int i = 0; i < n; i++) {
            int truth = labels[i];
            int predicted = 0;
            for (int c = 0; c < k; c++) {
                float p = probabilities[i * k + c];
                scores[i * k + c] = p;
                positives[i * k + c] = c == truth;
                if (p > probabilities[i * k + predicted]) {
                    predicted = c;
                }
            }
            confusion[truth][predicted]++;
            logLoss -= Math.log(Math.max(probabilities[i * k + truth], 1e-7));
        }
        return new ClassificationMetrics(classes, confusion, confidence(scores, positives), auPrc(scores, positives),
                auRoc(scores, positives), n == 0 ? 0 : logLoss / n);
    }

    /**
     * Records the evaluation as a step's outputs: the {@code classification_metrics} artifact (KFP's schema, also
     * written as JSON to its output path) and precision, recall and F1 per class as metrics.
     */
    void record(StepContext context, JsonMapper json) throws IOException {
        Map<String, Object> metadata = metadata();
        Path file = context.outputPath("classification_metrics");
        Files.writeString(file, json.writeValueAsString(metadata));
        perClass().forEach(context::logMetric);
        context.recordArtifact("classification_metrics", ArtifactSpec.CLASSIFICATION_METRICS,
                file.toUri().toString(), metadata);
    }

    /** KFP's artifact metadata for system.ClassificationMetrics. */
    Map<String, Object> metadata() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long[] row : confusion) {
            rows.add(Map.of("row", Arrays.stream(row).boxed().toList()));
        }
        Map<String, Object> matrix = new LinkedHashMap<>();
        matrix.put("annotationSpecs", classes.stream().map(name -> Map.of("displayName", name)).toList());
        matrix.put("rows", rows);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("confusionMatrix", matrix);
        metadata.put("confidenceMetrics", confidence);
        metadata.put("auPrc", auPrc);
        metadata.put("auRoc", auRoc);
        metadata.put("logLoss", logLoss);
        return metadata;
    }

    /** {@code precision/<class>}, {@code recall/<class>} and {@code f1/<class>}, each 0–1. */
    Map<String, Double> perClass() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            long truePositives = confusion[c][c];
            long predicted = 0;
            long actual = 0;
            for (int other = 0; other < classes.size(); other++) {
                predicted += confusion[other][c];
                actual += confusion[c][other];
            }
            double precision = predicted == 0 ? 0 : (double) truePositives / predicted;
            double recall = actual == 0 ? 0 : (double) truePositives / actual;
            metrics.put("precision/" + classes.get(c), precision);
            metrics.put("recall/" + classes.get(c), recall);
            metrics.put("f1/" + classes.get(c), f1(precision, recall));
        }
        return metrics;
    }

    long total() {
        return Arrays.stream(confusion).flatMapToLong(Arrays::stream).sum();
    }

    long correct() {
        long sum = 0;
        for (int c = 0; c < confusion.length; c++) {
            sum += confusion[c][c];
        }
        return sum;
    }

    private static List<Map<String, Object>> confidence(float[] scores, boolean[] positives) {
        List<Map<String, Object>> points = new ArrayList<>();
        for (int step = 0; step <= THRESHOLDS; step++) {
            double threshold = (double) step / THRESHOLDS;
            long tp = 0;
            long fp = 0;
            long fn = 0;
            long tn = 0;
            for (int i = 0; i < scores.length; i++) {
                boolean predicted = scores[i] >= threshold;
                if (positives[i]) {
                    if (predicted) {
                        tp++;
                    } else {
                        fn++;
                    }
                } else if (predicted) {
                    fp++;
                } else {
                    tn++;
                }
            }
            double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
            double precision = tp + fp == 0 ? 1 : (double) tp / (tp + fp);
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("confidenceThreshold", threshold);
            point.put("recall", recall);
            point.put("precision", precision);
            point.put("falsePositiveRate", fp + tn == 0 ? 0 : (double) fp / (fp + tn));
            point.put("f1Score", f1(precision, recall));
            points.add(point);
        }
        return points;
    }

    /** Area under the ROC curve: the chance that a positive pair scores above a negative one (ties count half). */
    private static double auRoc(float[] scores, boolean[] positives) {
        Integer[] order = sortedByScore(scores);
        long positiveCount = 0;
        double rankSum = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (positives[order[t]]) {
                    positiveCount++;
                    rankSum += averageRank;
                }
            }
            i = j + 1;
        }
        long negativeCount = order.length - positiveCount;
        if (positiveCount == 0 || negativeCount == 0) {
            return 0;
        }
        return (rankSum - positiveCount * (positiveCount + 1) / 2.0) / ((double) positiveCount * negativeCount);
    }

    /** Area under the precision-recall curve as average precision over the pairs ranked by score. */
    private static double auPrc(float[] scores, boolean[] positives) {
        Integer[] order = sortedByScore(scores);
        long positiveCount = 0;
        for (boolean positive : positives) {
            positiveCount += positive ? 1 : 0;
        }
        if (positiveCount == 0) {
            return 0;
        }
        double sum = 0;
        long truePositives = 0;
        for (int rank = order.length - 1, seen = 1; rank >= 0; rank--, seen++) {
            if (positives[order[rank]]) {
                truePositives++;
                sum += (double) truePositives / seen;
            }
        }
        return sum / positiveCount;
    }

    private static Integer[] sortedByScore(float[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        return order;
    }

    private static double f1(double precision, double recall) {
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }
}
