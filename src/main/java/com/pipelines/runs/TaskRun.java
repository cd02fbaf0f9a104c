package com.pipelines.runs;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;

/**
 * One step of one run. Progress columns are written by bulk updates while the step runs. The JSON maps are replaced,
 * never changed in place (their getters answer read-only views), so Hibernate holds them as immutable values: no JSON
 * round trip to snapshot every loaded row, which a run of a thousand tasks paid on each task end.
 */
@Entity
@jakarta.persistence.EntityListeners(StateChangeListener.class)
@DynamicUpdate
@Table(name = "task_run")
public class TaskRun {

    /** The state last announced to {@link StateChangeListener}'s listeners (not stored). */
    @jakarta.persistence.Transient
    TaskState announced;

    @Id
    private UUID id;

    @Column(name = "run_id", nullable = false)
    private UUID runId;

    @Column(nullable = false, length = 128)
    private String name;

    /** The step that executes it; null for a sub-DAG. */
    @Column(length = 128)
    private String component;

    /** The sub-DAG task it belongs to; null at the root of the pipeline. */
    @Column(length = 128)
    private String parent;

    /** Its input parameter values as resolved when it started. */
    @Convert(converter = JsonMapConverter.class)
    @Mutability(Immutability.class)
    private Map<String, Object> inputs;

    /** An execution of its next attempt is scheduled (so the engine does not schedule it twice). */
    @Column(nullable = false)
    private boolean queued;

    @Column(nullable = false)
    private int position;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private TaskState state;

    @Column(nullable = false)
    private int attempt;

    @Column(name = "attempts_before_retry", nullable = false)
    private int attemptsBeforeRetry;

    @Column(name = "cache_key", length = 64)
    private String cacheKey;

    @Column(name = "cached_from_run")
    private UUID cachedFromRun;

    @Column(name = "start_time")
    private Instant startTime;

    @Column(name = "end_time")
    private Instant endTime;

    private String error;

    @Column(name = "progress_fraction")
    private Double progressFraction;

    @Column(name = "progress_message", length = 512)
    private String progressMessage;

    @Convert(converter = JsonMapConverter.class)
    @Column(name = "progress_detail")
    @Mutability(Immutability.class)
    private Map<String, Object> progressDetail;

    @Column(name = "last_heartbeat")
    private Instant lastHeartbeat;

    @Version
    private long version;

    protected TaskRun() {
    }

    TaskRun(UUID runId, String name, int position) {
        this(runId, name, name, null, position);
    }

    TaskRun(UUID runId, String name, String component, String parent, int position) {
        this.id = UUID.randomUUID();
        this.runId = runId;
        this.name = name;
        this.component = component;
        this.parent = parent;
        this.position = position;
        this.state = TaskState.PENDING;
        this.attempt = 0;
    }

    /** The one place a task changes state; illegal transitions are refused. */
    public void transitionTo(TaskState next, String message, Instant now) {
        if (!state.canTransitionTo(next)) {
            throw RunException.illegalTransition("Task " + name + " of run " + runId, state, next);
        }
        state = next;
        lastHeartbeat = now;
        if (next != TaskState.PENDING) {
            queued = false;
        }
        switch (next) {
            case RUNNING -> {
                attempt++;
                startTime = now;
                endTime = null;
                progressFraction = 0.0;
                progressMessage = "Attempt " + attempt + " started";
                progressDetail = null;
            }
            case PENDING -> error = message;
            case SUCCEEDED, SKIPPED -> {
                endTime = now;
                error = null;
                progressFraction = 1.0;
                progressMessage = message;
            }
            case FAILED, CANCELLED, NOT_TRIGGERED -> {
                endTime = now;
                error = message;
            }
        }
    }

    /** A sub-DAG whose condition held: it runs while its tasks do (no attempts of its own). */
    void openDag(Map<String, Object> resolved, Instant now) {
        if (!state.canTransitionTo(TaskState.RUNNING)) {
            throw RunException.illegalTransition("Task " + name + " of run " + runId, state, TaskState.RUNNING);
        }
        inputs = resolved;
        state = TaskState.RUNNING;
        startTime = now;
        lastHeartbeat = now;
    }

    /** An attempt of a step (not a sub-DAG) is under way. */
    boolean stepRunning() {
        return state == TaskState.RUNNING && component != null;
    }

    void markQueued() {
        queued = true;
    }

    boolean queued() {
        return queued;
    }

    void recordInputs(Map<String, Object> resolved) {
        inputs = resolved;
    }

    public void runsUnderCacheKey(String key) {
        cacheKey = key;
        cachedFromRun = null;
    }

    /** A cache hit: the task is SKIPPED and its outputs are those of the same task of {@code source}. */
    void reuse(UUID source, Instant now) {
        cachedFromRun = source;
        transitionTo(TaskState.SKIPPED, "Cache hit: outputs of run " + source + " reused", now);
    }

    public UUID cachedFromRun() {
        return cachedFromRun;
    }

    /** Queued again by a retry of its run: attempts so far no longer count against the limit. */
    void requeueForRetry(Instant now) {
        transitionTo(TaskState.PENDING, null, now);
        queued = false;
        attemptsBeforeRetry = attempt;
        endTime = null;
        progressFraction = null;
        progressMessage = null;
        progressDetail = null;
    }

    /** Attempts since the run was last retried, the figure compared with max-attempts. */
    int attemptsThisTry() {
        return attempt - attemptsBeforeRetry;
    }

    void updateProgress(double fraction, String message, Map<String, Object> details, Instant now) {
        progressFraction = Math.max(0.0, Math.min(1.0, fraction));
        progressMessage = message != null && message.length() > 512 ? message.substring(0, 512) : message;
        progressDetail = details;
        lastHeartbeat = now;
    }

    public UUID id() {
        return id;
    }

    public UUID runId() {
        return runId;
    }

    public String name() {
        return name;
    }

    public String component() {
        return component;
    }

    public String parent() {
        return parent;
    }

    public Map<String, Object> inputs() {
        return inputs == null ? null : java.util.Collections.unmodifiableMap(inputs);
    }

    public int position() {
        return position;
    }

    public TaskState state() {
        return state;
    }

    public int attempt() {
        return attempt;
    }

    public Instant startTime() {
        return startTime;
    }

    public Instant endTime() {
        return endTime;
    }

    public String error() {
        return error;
    }

    public ProgressView progress() {
        return new ProgressView(progressFraction, progressMessage, progressDetail);
    }

    public Double progressFraction() {
        return progressFraction;
    }

    public String progressMessage() {
        return progressMessage;
    }

    public Map<String, Object> progressDetail() {
        return progressDetail == null ? null : java.util.Collections.unmodifiableMap(progressDetail);
    }

    public Instant lastHeartbeat() {
        return lastHeartbeat;
    }
}
