package com.pipelines.training;

import java.util.List;

/** The outcome of a training: trained weights, the test-set evaluation and the per-epoch history. */
record TrainedModel(Network network, List<float[]> weights, float[] testProbabilities, double testLoss,
                    double testAccuracy, double trainSeconds, List<EpochMetrics> history, int bestEpoch) {

    /** One epoch: train loss and accuracy, and validation loss and accuracy when there is a validation split. */
    record EpochMetrics(int epoch, double loss, double accuracy, Double validationLoss, Double validationAccuracy) {
    }
}
