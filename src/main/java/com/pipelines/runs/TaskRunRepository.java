package com.pipelines.runs;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface TaskRunRepository extends JpaRepository<TaskRun, UUID> {

    List<TaskRun> findByRunIdOrderByPosition(UUID runId);

    Optional<TaskRun> findByRunIdAndName(UUID runId, String name);

    /** Candidates for a cache hit, newest first: tasks that succeeded under this key since {@code after}. */
    List<TaskRun> findTop5ByCacheKeyAndStateAndEndTimeAfterOrderByEndTimeDesc(String cacheKey, TaskState state,
                                                                            java.time.Instant after);
}
