package com.pipelines.runs;

/**
 * What a run does when one of its tasks fails for good, as Vertex AI's PipelineJob {@code failurePolicy}:
 * {@code FAIL_SLOW} (the default) lets every branch that does not depend on the failed task run to its end, then
 * fails the run; {@code FAIL_FAST} stops the running steps at once (they stop at their next safe point) and fails
 * the run when they have stopped. Either way nothing downstream of the failure starts.
 */
public enum FailurePolicy {
    FAIL_SLOW, FAIL_FAST
}
