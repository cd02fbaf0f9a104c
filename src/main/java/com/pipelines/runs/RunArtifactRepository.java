package com.pipelines.runs;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RunArtifactRepository extends JpaRepository<RunArtifact, Long> {

    List<RunArtifact> findByRunIdOrderById(UUID runId);

    List<RunArtifact> findByRunIdAndTaskNameOrderById(UUID runId, String taskName);

    Optional<RunArtifact> findByRunIdAndTaskNameAndName(UUID runId, String taskName, String name);

    @Modifying
    @Query("delete from RunArtifact a where a.runId = :runId and a.taskName = :taskName")
    int deleteTaskArtifacts(UUID runId, String taskName);
}
