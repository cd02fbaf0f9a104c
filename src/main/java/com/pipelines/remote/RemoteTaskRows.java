package com.pipelines.remote;

import java.util.Optional;
import java.util.UUID;

import com.pipelines.runs.TaskRun;
import org.springframework.data.repository.Repository;

interface RemoteTaskRows extends Repository<TaskRun, UUID> {
    Optional<TaskRun> findByRunIdAndName(UUID runId, String name);
}
