package com.pipelines.remote;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.pipelines.runs.PipelineRun;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface RemoteRunRows extends Repository<PipelineRun, UUID> {
    Optional<PipelineRun> findById(UUID id);

    /** Marks the run changed, so that its ETag changes. */
    @Modifying(flushAutomatically = true)
    @Query("update PipelineRun r set r.revision = r.revision + 1, r.updateTime = :now where r.id = :id")
    int touch(UUID id, Instant now);
}
