package com.pipelines.serving;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.datasets.ModelSignature;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import tools.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.ConfigProto;

/**
 * Loaded SavedModels, one per registered model, each loaded on first use (also after a restart) and shared by every
 * request thread through a {@link BatchingModel}. At most {@code pipelines.serving.max-loaded-models} are kept: a
 * rarely used one is closed (its native memory and its batching thread freed) and loaded again by its next request.
 */
@Component
class ModelServer {

    private static final Logger log = LoggerFactory.getLogger(ModelServer.class);
    static final int CLASSES = 10;
    private static final int MAX_BATCH = 64;

    private final Cache<String, BatchingModel> loaded;
    private final Duration timeout;
    private final ConfigProto sessionConfig;
    private final ArtifactStorage storage;

    private final JsonMapper json;
    private final MeterRegistry registry;

    ModelServer(ServingProperties properties, ArtifactStorage storage, JsonMapper json, MeterRegistry registry) {
        this.registry = registry;
        this.storage = storage;
        this.json = json;
        this.timeout = properties.predictTimeout();
        this.sessionConfig = sessionConfig(properties.intraOpThreads());
        this.loaded = Caffeine.newBuilder().maximumSize(properties.maxLoadedModels())
                .removalListener((String id, BatchingModel model, RemovalCause cause) -> {
                    if (model != null) {
                        log.info("Closing model {} ({})", id, cause);
                        model.close();
                    }
                })
                .build();
    }

    float[] predict(String modelId, String artifactUri, float[] pixels, int count) {
        while (true) {
            BatchingModel model = loaded.get(modelId, id -> load(id, artifactUri));
            try {
                return model.predict(pixels, count);
            } catch (BatchingModel.Closed evictedMeanwhile) {
                loaded.asMap().remove(modelId, model);
            }
        }
    }

    /** What a model takes and answers (loading it when it is not loaded yet). */
    ModelSignature signature(String modelId, String artifactUri) {
        return loaded.get(modelId, id -> load(id, artifactUri)).signature();
    }

    /** Loads a model ahead of its first request. */
    void warm(String modelId, String artifactUri) {
        loaded.get(modelId, id -> load(id, artifactUri));
    }

    /** How many models are loaded now. */
    long loadedCount() {
        loaded.cleanUp();
        return loaded.estimatedSize();
    }

    /**
     * Loads a SavedModel, from its local folder or from a local copy of its objects (fetched on first use, so any
     * replica can serve a model another one trained); one that is missing or unreadable is a
     * {@link ModelUnavailable} saying which and where.
     */
    private BatchingModel load(String modelId, String artifactUri) {
        // The copy is pinned while TensorFlow reads it; once loaded, the model lives in memory.
        try (ArtifactStorage.LocalFile copy = storage.lease(artifactUri)) {
            return load(modelId, artifactUri, copy.path());
        } catch (ModelUnavailable unavailable) {
            throw unavailable;
        } catch (RuntimeException e) {
            log.warn("Cannot fetch SavedModel {} of model {}", artifactUri, modelId, e);
            throw new ModelUnavailable("(model " + modelId + ") cannot be loaded: its SavedModel " + artifactUri
                    + " cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private BatchingModel load(String modelId, String artifactUri, Path dir) {
        if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new ModelUnavailable("(model " + modelId + ") cannot be loaded: its SavedModel " + dir
                    + " is missing. Restore the folder or deploy the model again.", null);
        }
        long start = System.nanoTime();
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(dir.toString()).withTags("serve").withConfigProto(sessionConfig).load();
        } catch (RuntimeException e) {
            log.warn("Cannot load SavedModel {} of model {}", dir, modelId, e);
            throw new ModelUnavailable("(model " + modelId + ") cannot be loaded: its SavedModel " + dir
                    + " is unreadable (" + ModelUnavailable.describe(e) + "). Deploy the model again.", e);
        }
        log.info("Loaded SavedModel {} in {} ms", dir, (System.nanoTime() - start) / 1_000_000);
        ModelSignature signature;
        try {
            signature = ModelSignature.read(dir, json);
        } catch (RuntimeException e) {
            bundle.close();
            throw new ModelUnavailable("(model " + modelId + ") cannot be loaded: its " + ModelSignature.FILE
                    + " is unreadable (" + ModelUnavailable.describe(e) + "). Deploy the model again.", e);
        }
        return BatchingModel.of(bundle, signature, MAX_BATCH, timeout, modelId, new BatchMeters(registry, modelId));
    }

    /**
     * Inter-op -1: TensorFlow runs a call's ops on the calling (batching) thread instead of handing them to a pool
     * of its own, whose idle threads spin for work and take the CPU the requests need.
     */
    static ConfigProto sessionConfig(int intraOpThreads) {
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(intraOpThreads)
                .setInterOpParallelismThreads(-1).build();
    }

    /** Closes every model now (eviction closes them in the background). */
    @PreDestroy
    void close() {
        loaded.asMap().values().forEach(BatchingModel::close);
        loaded.invalidateAll();
    }
}
