package com.pipelines.caching;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.pipelines.runs.TaskRun;
import com.pipelines.runs.TaskState;
import org.springframework.data.repository.Repository;

interface CacheEntries extends Repository<TaskRun, UUID> {

    /** Candidates for a hit, newest first: tasks that succeeded under this key since {@code after}. */
    List<TaskRun> findTop5ByCacheKeyAndStateAndEndTimeAfterOrderByEndTimeDesc(String cacheKey, TaskState state,
                                                                            Instant after);

    Optional<TaskRun> findByRunIdAndName(UUID runId, String name);
}
