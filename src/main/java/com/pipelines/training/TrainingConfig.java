package com.pipelines.training;

/**
 * How to train: the run's parameters plus engine settings. {@code unroll} train steps are chained in one graph
 * call, which removes most per-step session overhead.
 */
record TrainingConfig(ModelType model, int epochs, int batchSize, float learningRate, long seed,
                      int unroll, int intraOpThreads, int interOpThreads) {
}
