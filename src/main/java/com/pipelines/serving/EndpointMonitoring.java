package com.pipelines.serving;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Model monitoring of one endpoint: what share of predictions is sampled, over what window, with what thresholds. */
@Entity
@Table(name = "endpoint_monitoring")
class EndpointMonitoring {

    @Id
    @Column(name = "endpoint_id")
    private String endpointId;
    @Column(name = "sampling_rate")
    private double samplingRate;
    @Column(name = "window_size")
    private int windowSize;
    @Column(name = "numeric_threshold")
    private double numericThreshold;
    @Column(name = "categorical_threshold")
    private double categoricalThreshold;
    @Column(name = "update_time")
    private Instant updateTime;
    @Column(name = "log_destination")
    private String logDestination;

    protected EndpointMonitoring() {
    }

    EndpointMonitoring(String endpointId, double samplingRate, int windowSize, double numericThreshold,
                       double categoricalThreshold, String logDestination, Instant now) {
        this.logDestination = logDestination;
        this.endpointId = endpointId;
        this.samplingRate = samplingRate;
        this.windowSize = windowSize;
        this.numericThreshold = numericThreshold;
        this.categoricalThreshold = categoricalThreshold;
        this.updateTime = now;
    }

    String endpointId() {
        return endpointId;
    }

    /** Where sampled requests and responses are also written as JSONL (a folder or bucket prefix), or null. */
    String logDestination() {
        return logDestination;
    }

    double samplingRate() {
        return samplingRate;
    }

    int windowSize() {
        return windowSize;
    }

    double numericThreshold() {
        return numericThreshold;
    }

    double categoricalThreshold() {
        return categoricalThreshold;
    }
}
