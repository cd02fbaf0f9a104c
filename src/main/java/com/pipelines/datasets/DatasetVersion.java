package com.pipelines.datasets;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One immutable registered dataset version: where its prepared form is, its schema and statistics as JSON. */
@Entity
@Table(name = "dataset_version")
class DatasetVersion {

    @Id
    private UUID id;
    @Column(nullable = false, length = 128)
    private String name;
    @Column(nullable = false)
    private int version;
    @Column(nullable = false, length = 32)
    private String format;
    @Column(nullable = false, length = 16)
    private String kind;
    @Column(nullable = false, length = 64)
    private String sha256;
    @Column(nullable = false, length = 64)
    private String digest;
    @Column(nullable = false, length = 2048)
    private String source;
    @Column(length = 1024)
    private String description;
    @Column(nullable = false, length = 4000)
    private String options;
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "schema_json", nullable = false)
    private String schema;
    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false)
    private String statistics;
    @Column(name = "storage_uri", nullable = false, length = 2048)
    private String storageUri;
    @Column(name = "row_count", nullable = false)
    private long rows;
    @Column(nullable = false)
    private long bytes;
    @Column(name = "create_time", nullable = false)
    private Instant createTime;

    protected DatasetVersion() {
    }

    DatasetVersion(String name, int version, String format, String kind, String sha256, String digest, String source,
                   String description, String options, String schema, String statistics, String storageUri,
                   long rows, long bytes, Instant createTime) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.version = version;
        this.format = format;
        this.kind = kind;
        this.sha256 = sha256;
        this.digest = digest;
        this.source = source;
        this.description = description;
        this.options = options;
        this.schema = schema;
        this.statistics = statistics;
        this.storageUri = storageUri;
        this.rows = rows;
        this.bytes = bytes;
        this.createTime = createTime;
    }

    UUID id() {
        return id;
    }

    String name() {
        return name;
    }

    int version() {
        return version;
    }

    String format() {
        return format;
    }

    String kind() {
        return kind;
    }

    String sha256() {
        return sha256;
    }

    String digest() {
        return digest;
    }

    String source() {
        return source;
    }

    String description() {
        return description;
    }

    String options() {
        return options;
    }

    String schema() {
        return schema;
    }

    String statistics() {
        return statistics;
    }

    String storageUri() {
        return storageUri;
    }

    long rows() {
        return rows;
    }

    long bytes() {
        return bytes;
    }

    Instant createTime() {
        return createTime;
    }

    DatasetRef ref() {
        return new DatasetRef(name, version, digest);
    }
}
