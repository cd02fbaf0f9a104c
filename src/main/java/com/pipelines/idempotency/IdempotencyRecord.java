package com.pipelines.idempotency;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

/**
 * An Idempotency-Key seen on a create request: a hash of the request it came with, the id the created resource gets
 * (chosen before it is created, so that a submission interrupted by a crash can be recognised), and once done the
 * response to replay.
 */
@Entity
@Table(name = "idempotency_key")
class IdempotencyRecord implements Persistable<String> {

    @Transient
    private boolean fresh;

    @Id
    @Column(name = "idempotency_key", length = 255)
    private String key;

    @Column(name = "request_hash", nullable = false, length = 64)
    private String requestHash;

    @Column(name = "run_id", nullable = false)
    private UUID resourceId;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "response_status")
    private Integer responseStatus;

    @Column(name = "response_body", length = 100000)
    private String responseBody;

    @Column(name = "create_time", nullable = false)
    private Instant createTime;

    @Column(name = "expire_time", nullable = false)
    private Instant expireTime;

    protected IdempotencyRecord() {
    }

    IdempotencyRecord(String key, String requestHash, UUID resourceId, Instant now, Instant expireTime) {
        this.key = key;
        this.requestHash = requestHash;
        this.resourceId = resourceId;
        this.status = "IN_FLIGHT";
        this.createTime = now;
        this.expireTime = expireTime;
        this.fresh = true;
    }

    /** Always inserted, never merged: a second insert of the same key must fail, not overwrite. */
    @Override
    public boolean isNew() {
        return fresh;
    }

    @PostLoad
    void loaded() {
        fresh = false;
    }

    @Override
    public String getId() {
        return key;
    }

    void done(int responseStatus, String responseBody) {
        this.fresh = false;
        this.status = "DONE";
        this.responseStatus = responseStatus;
        this.responseBody = responseBody;
    }

    boolean isDone() {
        return "DONE".equals(status);
    }

    String key() {
        return key;
    }

    String requestHash() {
        return requestHash;
    }

    UUID resourceId() {
        return resourceId;
    }

    Integer responseStatus() {
        return responseStatus;
    }

    String responseBody() {
        return responseBody;
    }

    Instant createTime() {
        return createTime;
    }

    Instant expireTime() {
        return expireTime;
    }
}
