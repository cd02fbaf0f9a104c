package com.pipelines.remote;

import java.util.Optional;
import java.util.UUID;

import com.pipelines.runs.PipelineRun;
import org.springframework.data.repository.Repository;

interface RemoteRunRows extends Repository<PipelineRun, UUID> {
    Optional<PipelineRun> findById(UUID id);
}
