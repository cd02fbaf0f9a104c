package com.pipelines.serving;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A batch prediction job: what to score, where to write, and how far it got (whole chunks). */
@Entity
@Table(name = "batch_prediction_job")
class BatchPredictionJob {

    @Id
    private UUID id;
    @Column(name = "display_name")
    private String displayName;
    @Column(name = "model_id")
    private String modelId;
    @Column(name = "model_reference")
    private String modelReference;
    @Enumerated(EnumType.STRING)
    private BatchJobState state;
    @Column(name = "instances_format")
    private String instancesFormat;
    @Column(name = "input_uris")
    private String inputUris;
    @Column(name = "output_prefix")
    private String outputPrefix;
    @Column(name = "chunk_lines")
    private int chunkLines;
    @Column(name = "chunks_done")
    private int chunksDone;
    @Column(name = "lines_done")
    private long linesDone;
    @Column(name = "error_lines")
    private long errorLines;
    @Column(name = "total_lines")
    private Long totalLines;
    private String error;
    @Column(name = "create_time")
    private Instant createTime;
    @Column(name = "start_time")
    private Instant startTime;
    @Column(name = "end_time")
    private Instant endTime;
    @Column(name = "update_time")
    private Instant updateTime;

    protected BatchPredictionJob() {
    }

    BatchPredictionJob(UUID id, String displayName, String modelId, String modelReference, String instancesFormat,
                       String inputUris, String outputPrefix, int chunkLines, Instant now) {
        this.id = id;
        this.displayName = displayName;
        this.modelId = modelId;
        this.modelReference = modelReference;
        this.state = BatchJobState.JOB_STATE_QUEUED;
        this.instancesFormat = instancesFormat;
        this.inputUris = inputUris;
        this.outputPrefix = outputPrefix;
        this.chunkLines = chunkLines;
        this.createTime = now;
        this.updateTime = now;
    }

    void moveTo(BatchJobState next, Instant now) {
        if (!state.canBecome(next)) {
            throw new IllegalStateException("batch job " + id + " cannot go from " + state + " to " + next);
        }
        if (next == BatchJobState.JOB_STATE_RUNNING && startTime == null) {
            startTime = now;
        }
        if (next.finished()) {
            endTime = now;
        }
        state = next;
        updateTime = now;
    }

    void chunkDone(int chunk, long lines, long errors, Instant now) {
        chunksDone = chunk;
        linesDone = lines;
        errorLines = errors;
        updateTime = now;
    }

    void total(long lines) {
        totalLines = lines;
    }

    void fail(String reason, Instant now) {
        error = reason.length() > 4000 ? reason.substring(0, 3999) : reason;
        moveTo(BatchJobState.JOB_STATE_FAILED, now);
    }

    UUID id() {
        return id;
    }

    String displayName() {
        return displayName;
    }

    String modelId() {
        return modelId;
    }

    String modelReference() {
        return modelReference;
    }

    BatchJobState state() {
        return state;
    }

    String instancesFormat() {
        return instancesFormat;
    }

    String inputUris() {
        return inputUris;
    }

    String outputPrefix() {
        return outputPrefix;
    }

    int chunkLines() {
        return chunkLines;
    }

    int chunksDone() {
        return chunksDone;
    }

    long linesDone() {
        return linesDone;
    }

    long errorLines() {
        return errorLines;
    }

    Long totalLines() {
        return totalLines;
    }

    String error() {
        return error;
    }

    Instant createTime() {
        return createTime;
    }

    Instant startTime() {
        return startTime;
    }

    Instant endTime() {
        return endTime;
    }
}
