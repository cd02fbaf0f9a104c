package com.pipelines.runs;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An artifact a task recorded: unique by run, task and name, so a re-run replaces rather than duplicates. */
@Entity
@Table(name = "run_artifact")
class RunArtifact {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "run_id", nullable = false)
    private UUID runId;

    @Column(name = "task_name", nullable = false, length = 64)
    private String taskName;

    @Column(nullable = false, length = 64)
    private String name;

    @Column(nullable = false, length = 64)
    private String type;

    @Column(nullable = false, length = 2048)
    private String uri;

    @Convert(converter = JsonMapConverter.class)
    private Map<String, Object> metadata;

    @Column(name = "create_time", nullable = false)
    private Instant createTime;

    protected RunArtifact() {
    }

    RunArtifact(UUID runId, String taskName, String name) {
        this.runId = runId;
        this.taskName = taskName;
        this.name = name;
    }

    void describe(String type, String uri, Map<String, Object> metadata, Instant now) {
        this.type = type;
        this.uri = uri;
        this.metadata = metadata;
        this.createTime = now;
    }

    public String taskName() {
        return taskName;
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public String uri() {
        return uri;
    }

    public Map<String, Object> metadata() {
        return metadata == null ? Map.of() : metadata;
    }
}
