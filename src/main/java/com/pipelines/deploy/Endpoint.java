package com.pipelines.deploy;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A local endpoint, named like Vertex AI: projects/{p}/locations/{l}/endpoints/{id}. */
@Entity
@Table(name = "endpoint")
public class Endpoint {

    @Id
    private String id;
    private String project;
    private String region;
    @Column(name = "display_name")
    private String displayName;
    @Column(name = "run_id")
    private UUID runId;
    @Column(name = "create_time")
    private Instant createTime;
    @Version
    private long version;
    @Column(name = "created_by_key")
    private String createdByKey;

    protected Endpoint() {
    }

    Endpoint(String id, String project, String region, String displayName, UUID runId, Instant createTime,
             String createdByKey) {
        this.id = id;
        this.project = project;
        this.region = region;
        this.displayName = displayName;
        this.runId = runId;
        this.createTime = createTime;
        this.createdByKey = createdByKey;
    }

    /** The API key that created it, over the API or by starting the run whose deploy step made it; null without keys. */
    public String createdByKey() {
        return createdByKey;
    }

    public String id() {
        return id;
    }

    public String resourceName() {
        return "projects/" + project + "/locations/" + region + "/endpoints/" + id;
    }

    public String project() {
        return project;
    }

    public String region() {
        return region;
    }

    public String displayName() {
        return displayName;
    }

    public UUID runId() {
        return runId;
    }

    public Instant createTime() {
        return createTime;
    }
}
