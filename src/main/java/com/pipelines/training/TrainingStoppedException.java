package com.pipelines.training;

/** Training stopped between two graph calls because it was asked to (the run was cancelled). */
class TrainingStoppedException extends RuntimeException {

    TrainingStoppedException(int epoch, int step) {
        super("Training stopped at epoch " + epoch + ", step " + step);
    }
}
