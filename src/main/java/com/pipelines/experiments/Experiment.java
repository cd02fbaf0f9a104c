package com.pipelines.experiments;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A named group of runs with one purpose ("lr-sweep"), as KFP's and MLflow's experiments. */
@Entity
@Table(name = "experiment")
class Experiment {

    @Id
    private String name;
    private String description;
    private String labels;
    private boolean archived;
    @Column(name = "created_by_key")
    private String createdByKey;
    @Column(name = "create_time")
    private Instant createTime;

    protected Experiment() {
    }

    Experiment(String name, String description, String labels, String createdByKey, Instant createTime) {
        this.name = name;
        this.description = description;
        this.labels = labels;
        this.createdByKey = createdByKey;
        this.createTime = createTime;
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    String labels() {
        return labels;
    }

    boolean archived() {
        return archived;
    }

    String createdByKey() {
        return createdByKey;
    }

    Instant createTime() {
        return createTime;
    }

    void describe(String description, String labels) {
        this.description = description;
        this.labels = labels;
    }

    void archive(boolean archived) {
        this.archived = archived;
    }
}
