package com.pipelines.execution;

import java.util.UUID;

/** The data of a run's polling execution: one per run, its instance id the run id. */
record RemoteRunJob(UUID runId) {

    String instanceId() {
        return runId.toString();
    }
}
