package com.pipelines.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    private static final List<String> ABC = List.of("a", "b", "c");

    @Test
    void confusionMatrixRowsAreTheTruthColumnsThePrediction() {
        float[] probabilities = {
                0.8f, 0.1f, 0.1f,   // a → a
                0.2f, 0.7f, 0.1f,   // b → b
                0.1f, 0.6f, 0.3f,   // c → b
                0.5f, 0.2f, 0.3f};  // c → a
        ClassificationMetrics metrics = ClassificationMetrics.of(probabilities, new byte[] {0, 1, 2, 2}, ABC);
        assertThat(metrics.confusion()).isDeepEqualTo(new long[][] {{1, 0, 0}, {0, 1, 0}, {1, 1, 0}});
        assertThat(metrics.total()).isEqualTo(4);
        assertThat(metrics.correct()).isEqualTo(2);
        assertThat(metrics.logLoss()).isCloseTo(-(Math.log(0.8) + Math.log(0.7) + Math.log(0.3) + Math.log(0.3)) / 4,
                within(1e-6));
        Map<String, Double> perClass = metrics.perClass();
        assertThat(perClass.get("precision/a")).isEqualTo(0.5);
        assertThat(perClass.get("recall/a")).isEqualTo(1.0);
        assertThat(perClass.get("f1/a")).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(perClass.get("recall/c")).isEqualTo(0.0);
        assertThat(perClass.get("f1/c")).isEqualTo(0.0);

        Map<String, Object> metadata = metrics.metadata();
        @SuppressWarnings("unchecked")
        Map<String, Object> matrix = (Map<String, Object>) metadata.get("confusionMatrix");
        assertThat((List<?>) matrix.get("annotationSpecs")).hasSize(3);
        assertThat((List<?>) matrix.get("rows")).hasSize(3);
        assertThat((List<?>) metadata.get("confidenceMetrics")).hasSize(21);
        @SuppressWarnings("unchecked")
        Map<String, Object> atZero = ((List<Map<String, Object>>) metadata.get("confidenceMetrics")).get(0);
        assertThat(atZero).containsEntry("confidenceThreshold", 0.0).containsEntry("recall", 1.0)
                .containsEntry("falsePositiveRate", 1.0);
    }

    @Test
    void perfectScoresHaveAreasOfOneAndReversedScoresOfZero() {
        float[] perfect = {0.9f, 0.1f, 0.2f, 0.8f};
        ClassificationMetrics good = ClassificationMetrics.of(perfect, new byte[] {0, 1}, List.of("x", "y"));
        assertThat(good.auRoc()).isEqualTo(1.0);
        assertThat(good.auPrc()).isEqualTo(1.0);
        ClassificationMetrics bad = ClassificationMetrics.of(perfect, new byte[] {1, 0}, List.of("x", "y"));
        assertThat(bad.auRoc()).isEqualTo(0.0);
        float[] ties = {0.5f, 0.5f, 0.5f, 0.5f};
        assertThat(ClassificationMetrics.of(ties, new byte[] {0, 1}, List.of("x", "y")).auRoc()).isEqualTo(0.5);
    }
}
