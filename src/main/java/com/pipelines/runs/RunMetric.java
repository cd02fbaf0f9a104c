package com.pipelines.runs;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A metric logged by a task: numeric or text; {@code step} null for a final value, else a point of its history. */
@Entity
@jakarta.persistence.EntityListeners(StateChangeListener.class)
@Table(name = "run_metric")
public class RunMetric {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "run_id", nullable = false)
    private UUID runId;

    @Column(name = "task_name", nullable = false, length = 64)
    private String taskName;

    @Column(name = "metric_key", nullable = false, length = 128)
    private String key;

    @Column(name = "numeric_value")
    private Double numericValue;

    @Column(name = "text_value", length = 1024)
    private String textValue;

    private Integer step;

    @Column(name = "logged_time", nullable = false)
    private Instant time;

    protected RunMetric() {
    }

    RunMetric(UUID runId, String taskName, String key, Integer step) {
        this.runId = runId;
        this.taskName = taskName;
        this.key = key;
        this.step = step;
    }

    void setValue(Double numericValue, String textValue, Instant time) {
        this.numericValue = numericValue;
        this.textValue = textValue;
        this.time = time;
    }

    Double numericValue() {
        return numericValue;
    }

    String textValue() {
        return textValue;
    }

    public UUID runId() {
        return runId;
    }

    public String taskName() {
        return taskName;
    }

    public String key() {
        return key;
    }

    public Integer step() {
        return step;
    }

    public Instant time() {
        return time;
    }

    /** The value as logged: a Double or a String. */
    public Object value() {
        return numericValue != null ? numericValue : textValue;
    }
}
