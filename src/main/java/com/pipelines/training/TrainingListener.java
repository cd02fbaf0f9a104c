package com.pipelines.training;

/** What the trainer reports while it runs, and how it learns that it should stop. */
interface TrainingListener {

    /** Called after each graph call; cheap implementations throttle themselves. */
    void onProgress(int epoch, int step, int stepsPerEpoch, double samplesPerSecond, double etaSeconds);

    void onEpochEnd(int epoch, double loss, double accuracy);

    boolean stopRequested();

    TrainingListener NONE = new TrainingListener() {
        @Override
        public void onProgress(int epoch, int step, int stepsPerEpoch, double samplesPerSecond, double etaSeconds) {
        }

        @Override
        public void onEpochEnd(int epoch, double loss, double accuracy) {
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    };
}
