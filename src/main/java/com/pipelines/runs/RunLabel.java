package com.pipelines.runs;

import java.io.Serializable;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One label of a run, a row of its own so that runs are found by label in the database. */
@Entity
@Table(name = "run_label")
public class RunLabel {

    @EmbeddedId
    private Key key;
    @Column(name = "label_value")
    private String value;

    protected RunLabel() {
    }

    RunLabel(UUID runId, String key, String value) {
        this.key = new Key(runId, key);
        this.value = value;
    }

    public UUID runId() {
        return key.runId();
    }

    public String key() {
        return key.labelKey();
    }

    public String value() {
        return value;
    }

    @Embeddable
    record Key(@Column(name = "run_id") UUID runId, @Column(name = "label_key") String labelKey)
            implements Serializable {
    }
}
