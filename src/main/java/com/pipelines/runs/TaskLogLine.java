package com.pipelines.runs;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A line a step printed, kept with its task and attempt; the id orders lines within a run. */
@Entity
@Table(name = "task_log")
class TaskLogLine {

    static final int MAX_LENGTH = 4000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "run_id", nullable = false)
    private UUID runId;

    @Column(name = "task_name", nullable = false, length = 64)
    private String taskName;

    @Column(nullable = false)
    private int attempt;

    @Column(name = "log_time", nullable = false)
    private Instant time;

    @Column(nullable = false, length = MAX_LENGTH)
    private String message;

    protected TaskLogLine() {
    }

    TaskLogLine(UUID runId, String taskName, int attempt, Instant time, String message) {
        this.runId = runId;
        this.taskName = taskName;
        this.attempt = attempt;
        this.time = time;
        this.message = message.length() > MAX_LENGTH ? message.substring(0, MAX_LENGTH) : message;
    }

    public Long id() {
        return id;
    }

    public String taskName() {
        return taskName;
    }

    public int attempt() {
        return attempt;
    }

    public Instant time() {
        return time;
    }

    public String message() {
        return message;
    }
}
