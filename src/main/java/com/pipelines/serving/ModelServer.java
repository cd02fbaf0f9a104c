package com.pipelines.serving;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Loaded SavedModels, one per registered model, each loaded once on first use (also after a restart) and shared
 * by every request thread: a TensorFlow session is safe to run concurrently.
 */
@Component
class ModelServer {

    private static final Logger log = LoggerFactory.getLogger(ModelServer.class);
    static final int CLASSES = 10;

    private final Map<String, LoadedModel> loaded = new ConcurrentHashMap<>();

    record LoadedModel(SavedModelBundle bundle, SessionFunction function) {
    }

    float[] predict(String modelId, String artifactUri, float[] pixels, int count) {
        LoadedModel model = loaded.computeIfAbsent(modelId, id -> load(artifactUri));
        try (TFloat32 images = TFloat32.tensorOf(Shape.of(count, 28, 28),
                DataBuffers.of(pixels, true, false).narrow((long) count * InstanceParser.PIXELS));
             Result result = model.function().call(Map.of("images", images))) {
            TFloat32 probabilities = (TFloat32) result.get("probabilities").orElseThrow();
            float[] out = new float[count * CLASSES];
            probabilities.copyTo(DataBuffers.of(out, false, false));
            return out;
        }
    }

    /** Loads a model ahead of its first request. */
    void warm(String modelId, String artifactUri) {
        loaded.computeIfAbsent(modelId, id -> load(artifactUri));
    }

    private static LoadedModel load(String artifactUri) {
        Path dir = artifactUri.startsWith("file:") ? Path.of(URI.create(artifactUri)) : Path.of(artifactUri);
        long start = System.nanoTime();
        SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve");
        log.info("Loaded SavedModel {} in {} ms", dir, (System.nanoTime() - start) / 1_000_000);
        return new LoadedModel(bundle, bundle.function("serving_default"));
    }

    @PreDestroy
    void close() {
        loaded.values().forEach(model -> model.bundle().close());
        loaded.clear();
    }
}
