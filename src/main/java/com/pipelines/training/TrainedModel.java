package com.pipelines.training;

import java.util.List;

/** The outcome of a training: trained weights, the test-set evaluation and the per-epoch history. */
record TrainedModel(ModelType model, List<float[]> weights, float[] testProbabilities, double testLoss,
                    double testAccuracy, double trainSeconds, List<EpochMetrics> history) {

    record EpochMetrics(int epoch, double loss, double accuracy) {
    }
}
