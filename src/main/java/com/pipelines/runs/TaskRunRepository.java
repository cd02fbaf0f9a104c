package com.pipelines.runs;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface TaskRunRepository extends JpaRepository<TaskRun, UUID> {

    List<TaskRun> findByRunIdOrderByPosition(UUID runId);

    Optional<TaskRun> findByRunIdAndName(UUID runId, String name);

    List<TaskRun> findByRunIdInAndState(Collection<UUID> runIds, TaskState state);

    /** The task row locked for update until the transaction ends: the fence of an attempt's reports. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from TaskRun t where t.runId = :runId and t.name = :name")
    Optional<TaskRun> lockByRunIdAndName(UUID runId, String name);

    /** A run's task rows by name, in position order. */
    default java.util.Map<String, TaskRun> byName(UUID runId) {
        java.util.Map<String, TaskRun> rows = new java.util.LinkedHashMap<>();
        findByRunIdOrderByPosition(runId).forEach(row -> rows.put(row.name(), row));
        return rows;
    }
}
