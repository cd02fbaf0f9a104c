package com.pipelines.deploy;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A model version in the local registry, named like Vertex AI: projects/{p}/locations/{l}/models/{id}. */
@Entity
@Table(name = "registered_model")
public class RegisteredModel {

    @Id
    private String id;
    private String project;
    private String region;
    @Column(name = "display_name")
    private String displayName;
    @Column(name = "version_id")
    private int versionId;
    @Column(name = "artifact_uri")
    private String artifactUri;
    @Column(name = "serving_image")
    private String servingImage;
    @Column(name = "run_id")
    private UUID runId;
    @Column(name = "create_time")
    private Instant createTime;
    private String description;
    private String labels;
    private String lineage;

    protected RegisteredModel() {
    }

    RegisteredModel(String id, String project, String region, String displayName, int versionId, String artifactUri,
                    String servingImage, UUID runId, Instant createTime) {
        this.id = id;
        this.project = project;
        this.region = region;
        this.displayName = displayName;
        this.versionId = versionId;
        this.artifactUri = artifactUri;
        this.servingImage = servingImage;
        this.runId = runId;
        this.createTime = createTime;
    }

    public String id() {
        return id;
    }

    public String resourceName() {
        return "projects/" + project + "/locations/" + region + "/models/" + id;
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

    public int versionId() {
        return versionId;
    }

    public String artifactUri() {
        return artifactUri;
    }

    public String servingImage() {
        return servingImage;
    }

    public UUID runId() {
        return runId;
    }

    public Instant createTime() {
        return createTime;
    }

    public String description() {
        return description;
    }

    /** Labels as a JSON object (or null). */
    public String labels() {
        return labels;
    }

    /** Where the version came from, as a JSON object (or null). */
    public String lineage() {
        return lineage;
    }

    void describe(String description, String labels) {
        this.description = description;
        this.labels = labels;
    }

    void setLineage(String lineage) {
        this.lineage = lineage;
    }
}
