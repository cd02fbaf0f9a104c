package com.pipelines.training;

/**
 * How to train: the run's parameters plus engine settings. {@code unroll} train steps are chained in one graph
 * call, which removes most per-step session overhead. {@code patience} &gt; 0 stops after that many epochs without a
 * better validation loss and keeps the best epoch's weights.
 */
record TrainingConfig(int epochs, int batchSize, float learningRate, long seed, int unroll, int intraOpThreads,
                      int interOpThreads, int patience) {
}
