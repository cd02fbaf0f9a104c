package com.pipelines.pipeline;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One immutable version of an uploaded pipeline: its PipelineSpec as canonical JSON. */
@Entity
@Table(name = "pipeline_version")
class PipelineVersion {

    @Id
    private UUID id;

    @Column(name = "pipeline_name", nullable = false, length = 128)
    private String pipelineName;

    @Column(nullable = false)
    private int version;

    @Column(length = 1024)
    private String description;

    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false)
    private String spec;

    @Column(name = "spec_sha256", nullable = false, length = 64)
    private String specSha256;

    @Column(name = "create_time", nullable = false)
    private Instant createTime;

    @Column(name = "created_by_key")
    private String createdByKey;

    protected PipelineVersion() {
    }

    PipelineVersion(String pipelineName, int version, String description, String spec, String specSha256,
                    Instant createTime) {
        this.id = UUID.randomUUID();
        this.pipelineName = pipelineName;
        this.version = version;
        this.description = description;
        this.spec = spec;
        this.specSha256 = specSha256;
        this.createTime = createTime;
        this.createdByKey = com.pipelines.security.Callers.currentKeyName();
    }

    String createdByKey() {
        return createdByKey;
    }

    UUID id() {
        return id;
    }

    String pipelineName() {
        return pipelineName;
    }

    int version() {
        return version;
    }

    String description() {
        return description;
    }

    String spec() {
        return spec;
    }

    String specSha256() {
        return specSha256;
    }

    Instant createTime() {
        return createTime;
    }
}
