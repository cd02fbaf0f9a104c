package com.pipelines.execution;

import java.util.UUID;

/** The data of one db-scheduler execution: attempt {@code attempt} of task {@code task} of a run. */
record StepJob(UUID runId, String task, int attempt) {

    String instanceId() {
        return runId + "." + task + "." + attempt;
    }
}
