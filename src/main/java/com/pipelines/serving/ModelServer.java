package com.pipelines.serving;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.pipelines.artifacts.ArtifactStore;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tensorflow.SavedModelBundle;

/**
 * Loaded SavedModels, one per registered model, each loaded once on first use (also after a restart) and shared
 * by every request thread through a {@link BatchingModel}.
 */
@Component
class ModelServer {

    private static final Logger log = LoggerFactory.getLogger(ModelServer.class);
    static final int CLASSES = 10;
    private static final int MAX_BATCH = 64;

    private final Map<String, BatchingModel> loaded = new ConcurrentHashMap<>();

    float[] predict(String modelId, String artifactUri, float[] pixels, int count) {
        return loaded.computeIfAbsent(modelId, id -> load(id, artifactUri)).predict(pixels, count);
    }

    /** Loads a model ahead of its first request. */
    void warm(String modelId, String artifactUri) {
        loaded.computeIfAbsent(modelId, id -> load(id, artifactUri));
    }

    private static BatchingModel load(String modelId, String artifactUri) {
        Path dir = ArtifactStore.localPath(artifactUri);
        long start = System.nanoTime();
        SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve");
        log.info("Loaded SavedModel {} in {} ms", dir, (System.nanoTime() - start) / 1_000_000);
        return new BatchingModel(bundle, MAX_BATCH, modelId);
    }

    @PreDestroy
    void close() {
        loaded.values().forEach(BatchingModel::close);
        loaded.clear();
    }
}
