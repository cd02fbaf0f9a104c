package com.pipelines.pipeline;

/** Thrown by a step at a safe point once its run was asked to cancel. */
public class StepCancelledException extends RuntimeException {

    public StepCancelledException(String task) {
        super("Step " + task + " stopped: the run was cancelled");
    }
}
