package com.pipelines.deploy;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A model version deployed to an endpoint with its share of the endpoint's traffic. */
@Entity
@Table(name = "deployed_model")
public class DeployedModel {

    @Id
    private String id;
    @Column(name = "endpoint_id")
    private String endpointId;
    @Column(name = "model_id")
    private String modelId;
    @Column(name = "traffic_percentage")
    private int trafficPercentage;
    @Column(name = "machine_type")
    private String machineType;
    @Column(name = "min_replica_count")
    private int minReplicaCount;
    @Column(name = "max_replica_count")
    private int maxReplicaCount;
    @Column(name = "run_id")
    private UUID runId;
    @Column(name = "create_time")
    private Instant createTime;
    /** The alias of the model this deployment follows: moving the alias swaps what it serves. */
    private String alias;

    protected DeployedModel() {
    }

    DeployedModel(String id, String endpointId, String modelId, int trafficPercentage, String machineType,
                  int minReplicaCount, int maxReplicaCount, UUID runId, Instant createTime) {
        this.id = id;
        this.endpointId = endpointId;
        this.modelId = modelId;
        this.trafficPercentage = trafficPercentage;
        this.machineType = machineType;
        this.minReplicaCount = minReplicaCount;
        this.maxReplicaCount = maxReplicaCount;
        this.runId = runId;
        this.createTime = createTime;
    }

    void repoint(String modelId) {
        this.modelId = modelId;
    }

    void follow(String alias) {
        this.alias = alias;
    }

    public String alias() {
        return alias;
    }

    void setTrafficPercentage(int trafficPercentage) {
        this.trafficPercentage = trafficPercentage;
    }

    public String id() {
        return id;
    }

    public String endpointId() {
        return endpointId;
    }

    public String modelId() {
        return modelId;
    }

    public int trafficPercentage() {
        return trafficPercentage;
    }

    public String machineType() {
        return machineType;
    }

    public int minReplicaCount() {
        return minReplicaCount;
    }

    public int maxReplicaCount() {
        return maxReplicaCount;
    }

    public UUID runId() {
        return runId;
    }

    public Instant createTime() {
        return createTime;
    }
}
