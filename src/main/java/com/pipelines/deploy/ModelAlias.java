package com.pipelines.deploy;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An alias of a model (all versions of one display name in a project and region) naming one of its versions. */
@Entity
@Table(name = "model_alias")
class ModelAlias {

    @EmbeddedId
    private Key key;
    @Column(name = "model_id")
    private String modelId;

    protected ModelAlias() {
    }

    ModelAlias(Key key, String modelId) {
        this.key = key;
        this.modelId = modelId;
    }

    Key key() {
        return key;
    }

    String modelId() {
        return modelId;
    }

    void moveTo(String modelId) {
        this.modelId = modelId;
    }

    @Embeddable
    record Key(String project, String region, @Column(name = "display_name") String displayName, String alias)
            implements Serializable {
    }
}
