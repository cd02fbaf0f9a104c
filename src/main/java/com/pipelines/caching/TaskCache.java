package com.pipelines.caching;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.runs.RunRecorder;
import com.pipelines.runs.TaskRun;
import com.pipelines.runs.TaskStart;
import com.pipelines.runs.TaskState;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The step cache, kept on the tasks themselves: a task that succeeded under a key is an entry for that key. A hit
 * must be younger than the run's {@code cacheMaxStaleness} and its stored outputs (files or objects) must still
 * exist.
 */
@Service
public class TaskCache {

    private final CacheEntries tasks;
    private final RunRecorder recorder;
    private final ArtifactStorage storage;
    private final Clock clock;

    TaskCache(CacheEntries tasks, RunRecorder recorder, ArtifactStorage storage, Clock clock) {
        this.storage = storage;
        this.tasks = tasks;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** The run whose task of the same key can be reused, if any. */
    @Transactional(readOnly = true)
    public Optional<UUID> lookup(TaskStart start, String key) {
        Instant after = start.cacheMaxStaleness() == null ? Instant.EPOCH
                : clock.instant().minus(start.cacheMaxStaleness());
        return tasks.findTop5ByCacheKeyAndStateAndEndTimeAfterOrderByEndTimeDesc(key, TaskState.SUCCEEDED, after)
                .stream()
                .filter(candidate -> !candidate.runId().equals(start.runId()))
                .filter(candidate -> outputsExist(candidate.runId(), start.task()))
                .map(TaskRun::runId)
                .findFirst();
    }

    /** This attempt runs under {@code key}; once it succeeds it is an entry for later runs. */
    @Transactional
    public void remember(TaskStart start, String key) {
        tasks.findByRunIdAndName(start.runId(), start.task()).ifPresent(task -> task.runsUnderCacheKey(key));
    }

    private boolean outputsExist(UUID runId, String task) {
        for (RecordedArtifact artifact : recorder.taskArtifacts(runId, task)) {
            String uri = artifact.uri();
            boolean stored = uri != null && (uri.startsWith("file:") || ArtifactStorage.isObjectUri(uri));
            if (stored && !storage.exists(uri)) {
                return false;
            }
        }
        return true;
    }
}
