package com.pipelines.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One execution of a pipeline. {@code version} guards state changes against concurrent writers (a cancel racing a
 * worker); {@code revision} is bumped by every change below the run (progress, metrics, logs, artifacts) so that
 * the pair makes a cheap ETag. Dynamic updates keep an entity save from writing back a stale revision.
 */
@Entity
@jakarta.persistence.EntityListeners(StateChangeListener.class)
@DynamicUpdate
@Table(name = "pipeline_run")
public class PipelineRun {

    /** The state last announced to {@link StateChangeListener}'s listeners (not stored). */
    @jakarta.persistence.Transient
    RunState announced;

    @Id
    private UUID id;

    @Column(name = "job_id", nullable = false, length = 128)
    private String jobId;

    @Column(name = "pipeline_name", nullable = false, length = 128)
    private String pipelineName;

    /** The version of an uploaded pipeline the run executes; null for a built-in pipeline. */
    @Column(name = "pipeline_version_id")
    private UUID pipelineVersionId;

    @Column(name = "pipeline_version")
    private Integer pipelineVersion;

    /** The schedule that created the run, and the fire time it was created for; null for a run started by hand. */
    @Column(name = "schedule_id")
    private UUID scheduleId;

    @Column(name = "scheduled_time")
    private Instant scheduledTime;
    @Column(name = "created_by_key")
    private String createdByKey;
    private String experiment = "Default";
    private boolean archived;

    @Column(name = "display_name", nullable = false, length = 128)
    private String displayName;

    @Convert(converter = JsonMapConverter.class)
    @Column(name = "parameter_values", nullable = false)
    private Map<String, Object> parameterValues;

    @Column(name = "enable_caching", nullable = false)
    private boolean enableCaching;

    @Column(name = "pipeline_root", length = 1024)
    private String pipelineRoot;

    @Column(nullable = false, length = 32)
    private String executor;

    @Column(name = "external_job", length = 512)
    private String externalJob;

    @Column(name = "cache_max_staleness_seconds")
    private Long cacheMaxStalenessSeconds;

    @Enumerated(EnumType.STRING)
    @Column(name = "failure_policy", nullable = false, length = 16)
    private FailurePolicy failurePolicy = FailurePolicy.FAIL_SLOW;

    /** The first failure of a task, which ends the run once the steps still running have ended (or stopped). */
    @Column(length = 4000)
    private String failure;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private RunState state;

    @ElementCollection
    @CollectionTable(name = "run_state_change", joinColumns = @JoinColumn(name = "run_id"))
    @OrderColumn(name = "position")
    private List<StateChange> stateHistory = new ArrayList<>();

    private String error;

    @Column(name = "create_time", nullable = false)
    private Instant createTime;

    @Column(name = "start_time")
    private Instant startTime;

    @Column(name = "end_time")
    private Instant endTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    @Version
    private long version;

    @Column(nullable = false)
    private long revision;

    protected PipelineRun() {
    }

    PipelineRun(UUID id, String jobId, String pipelineName, String displayName, Map<String, Object> parameterValues,
                boolean enableCaching, String pipelineRoot, RunExecutor executor, Instant now) {
        this.executor = executor.wireName();
        this.id = id;
        this.jobId = jobId;
        this.pipelineName = pipelineName;
        this.displayName = displayName;
        this.parameterValues = parameterValues;
        this.enableCaching = enableCaching;
        this.pipelineRoot = pipelineRoot;
        this.state = RunState.QUEUED;
        this.createTime = now;
        this.updateTime = now;
        this.stateHistory.add(new StateChange(RunState.QUEUED, now, "Run submitted"));
    }

    /** The one place a run changes state; illegal transitions are refused. */
    public void transitionTo(RunState next, String message, Instant now) {
        if (!state.canTransitionTo(next)) {
            throw RunException.illegalTransition("Run " + id, state, next);
        }
        state = next;
        updateTime = now;
        stateHistory.add(new StateChange(next, now, message));
        if (next == RunState.RUNNING && startTime == null) {
            startTime = now;
        }
        if (next == RunState.FAILED) {
            error = message;
        }
        if (next == RunState.QUEUED) {
            error = null;
            endTime = null;
        }
        if (next.isTerminal()) {
            endTime = now;
        }
    }

    public UUID id() {
        return id;
    }

    void runsVersion(UUID versionId, int version) {
        this.pipelineVersionId = versionId;
        this.pipelineVersion = version;
    }

    void createdBy(RunOrigin origin) {
        this.scheduleId = origin.scheduleId();
        this.scheduledTime = origin.scheduledTime();
    }

    void rename(String displayName) {
        this.displayName = displayName;
    }

    /** A change people made (labels, name, archive): the ETag changes with the version. */
    void touch(Instant now) {
        this.updateTime = now;
    }

    void joinExperiment(String experiment) {
        this.experiment = experiment;
    }

    public String experiment() {
        return experiment;
    }

    public boolean archived() {
        return archived;
    }

    void archive(boolean archived) {
        this.archived = archived;
    }

    void createdByKey(String keyName) {
        this.createdByKey = keyName;
    }

    /** The API key that started the run (or created its schedule); null when the service has no keys. */
    public String createdByKey() {
        return createdByKey;
    }

    public UUID scheduleId() {
        return scheduleId;
    }

    public Instant scheduledTime() {
        return scheduledTime;
    }

    public Optional<UUID> pipelineVersionId() {
        return Optional.ofNullable(pipelineVersionId);
    }

    /** The pipeline version it ran: 1 for a built-in pipeline. */
    public int pipelineVersion() {
        return pipelineVersion == null ? 1 : pipelineVersion;
    }

    public String jobId() {
        return jobId;
    }

    /** How old a cache entry this run may reuse; null: any age (KFP's behaviour). */
    public Optional<Duration> cacheMaxStaleness() {
        return Optional.ofNullable(cacheMaxStalenessSeconds).map(Duration::ofSeconds);
    }

    void failWith(FailurePolicy policy) {
        failurePolicy = policy;
    }

    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /** Records the task failure that ends the run; the first one counts. */
    void taskFailed(String message) {
        if (failure == null) {
            failure = message.length() > 4000 ? message.substring(0, 4000) : message;
        }
    }

    String failure() {
        return failure;
    }

    void clearFailure() {
        failure = null;
    }

    void limitCacheStaleness(Duration staleness) {
        cacheMaxStalenessSeconds = staleness == null ? null : staleness.toSeconds();
    }

    /** Null for runs stored before runs had their own root: those use the server's. */
    public RunExecutor executor() {
        return RunExecutor.fromWireName(executor);
    }

    /** The job this run is mirrored from (a Vertex AI PipelineJob resource name), once submitted. */
    public Optional<String> externalJob() {
        return Optional.ofNullable(externalJob);
    }

    public void linkExternalJob(String name) {
        this.externalJob = name;
    }

    public String pipelineRoot() {
        return pipelineRoot;
    }

    public String pipelineName() {
        return pipelineName;
    }

    public String displayName() {
        return displayName;
    }

    public Map<String, Object> parameterValues() {
        return Collections.unmodifiableMap(parameterValues);
    }

    public boolean enableCaching() {
        return enableCaching;
    }

    public RunState state() {
        return state;
    }

    public List<StateChange> stateHistory() {
        return Collections.unmodifiableList(stateHistory);
    }

    public String error() {
        return error;
    }

    public Instant createTime() {
        return createTime;
    }

    public Instant startTime() {
        return startTime;
    }

    public Instant endTime() {
        return endTime;
    }

    public Instant updateTime() {
        return updateTime;
    }

    public long version() {
        return version;
    }

    public long revision() {
        return revision;
    }
}
