package com.pipelines.training;

/** What the trainer reports while it runs, and how it learns that it should stop. */
interface TrainingListener {

    /** Called after each graph call; cheap implementations throttle themselves. */
    void onProgress(int epoch, int step, int stepsPerEpoch, double samplesPerSecond, double etaSeconds);

    void onEpochEnd(TrainedModel.EpochMetrics metrics);

    /** Training stopped early at {@code epoch}; the weights of {@code bestEpoch} are kept. */
    default void onEarlyStop(int epoch, int bestEpoch) {
    }

    boolean stopRequested();

    TrainingListener NONE = new TrainingListener() {
        @Override
        public void onProgress(int epoch, int step, int stepsPerEpoch, double samplesPerSecond, double etaSeconds) {
        }

        @Override
        public void onEpochEnd(TrainedModel.EpochMetrics metrics) {
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    };
}
