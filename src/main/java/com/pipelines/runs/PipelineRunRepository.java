package com.pipelines.runs;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface PipelineRunRepository extends JpaRepository<PipelineRun, UUID>, JpaSpecificationExecutor<PipelineRun> {

    boolean existsByJobId(String jobId);

    long countByState(RunState state);

    @Query("select r.state from PipelineRun r where r.id = :id")
    Optional<RunState> findStateById(UUID id);

    @EntityGraph(attributePaths = "stateHistory")
    Optional<PipelineRun> findWithHistoryById(UUID id);

    /** Runs in one of {@code states} whose last change is older than {@code before}, oldest first. */
    @Query("select r.id from PipelineRun r where r.state in :states and r.updateTime < :before order by r.updateTime")
    List<UUID> findIdsByStateInAndUpdateTimeBefore(Collection<RunState> states, Instant before, Limit limit);

    /** Marks a change below the run (progress, metric, log, artifact) so that its ETag changes. */
    @Modifying(flushAutomatically = true)
    @Query("update PipelineRun r set r.revision = r.revision + 1, r.updateTime = :now where r.id = :id")
    int touch(UUID id, Instant now);

    /** The run row locked for update until the transaction ends: DAG decisions of a run are taken one at a time. */
    @org.springframework.data.jpa.repository.Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from PipelineRun r where r.id = :id")
    java.util.Optional<PipelineRun> lockById(UUID id);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update PipelineRun r set r.archived = true, r.updateTime = :now, r.version = r.version + 1 "
            + "where r.experiment = :experiment and r.archived = false")
    int archiveExperiment(String experiment, Instant now);
}
