package com.pipelines.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.pipelines.artifacts.TestStorage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * More endpoints than loaded models: with room for one model, requests alternating between three models from eight
 * threads all get their own model's answer while the models are closed and loaded again under them.
 */
class ModelServerTest {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void eachTensorFlowCallIsMeteredByInstancesAndCpuTimeUntilItsModelIsClosed() {
        String uri = export(dir.resolve("metered"), 3).toUri().toString();
        ModelServer server = new ModelServer(new ServingProperties(1000, 4, Duration.ofSeconds(30), 1),
                TestStorage.local(dir), tools.jackson.databind.json.JsonMapper.builder().build(), registry);
        server.predict("m-metered", uri, new float[70 * 784], 70);
        server.predict("m-metered", uri, new float[100 * 784], 100);
        DistributionSummary instances = registry.get("pipelines.serving.batch.instances").tag("model", "m-metered")
                .summary();
        assertThat(instances.count()).isEqualTo(2);
        assertThat(instances.totalAmount()).isEqualTo(170);
        Timer cpu = registry.get("pipelines.serving.batch.cpu").tag("model", "m-metered").timer();
        assertThat(cpu.count()).isEqualTo(2);
        assertThat(cpu.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        server.close();
        assertThat(registry.find("pipelines.serving.batch.instances").summaries()).as("removed with the model").isEmpty();
        assertThat(registry.find("pipelines.serving.batch.cpu").timers()).isEmpty();
    }

    @Test
    void evictedModelsAreClosedSafelyAndLoadedAgainOnTheirNextRequest() throws Exception {
        List<String> uris = new ArrayList<>();
        for (int model = 0; model < 3; model++) {
            uris.add(export(dir.resolve("model-" + model), model).toUri().toString());
        }
        ModelServer server = new ModelServer(new ServingProperties(1000, 1, Duration.ofSeconds(30), 1), TestStorage.local(dir), tools.jackson.databind.json.JsonMapper.builder().build(), registry);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 150; i++) {
                        int model = (thread + i) % 3;
                        int count = i % 2 == 0 ? 1 : 70;
                        float[] out = server.predict("m" + model, uris.get(model), new float[count * 784], count);
                        assertThat(out).hasSize(count * ModelServer.CLASSES);
                        assertThat(argmax(out)).as("model %d answers", model).isEqualTo(model);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(server.loadedCount()).isEqualTo(1);
        } finally {
            threads.shutdownNow();
            server.close();
        }
    }

    @Test
    void aPredictionWorkerThatDiesFailsItsRequestsAndIsReplaced() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        BatchingModel.Predictor dying = new BatchingModel.Predictor() {
            @Override
            public float[] predict(float[] pixels, int count) {
                if (calls.incrementAndGet() <= 2) {
                    throw calls.get() == 1 ? new StackOverflowError() : new OutOfMemoryError("Java heap space");
                }
                return new float[count * ModelServer.CLASSES];
            }

            @Override
            public void close() {
            }
        };
        try (BatchingModel model = new BatchingModel(dying, 64, Duration.ofSeconds(5), "dying")) {
            assertThatThrownBy(() -> model.predict(new float[784], 1)).isInstanceOf(ModelUnavailable.class)
                    .hasMessageContaining("StackOverflowError");
            assertThatThrownBy(() -> model.predict(new float[784], 1)).isInstanceOf(ModelUnavailable.class)
                    .hasMessageContaining("OutOfMemoryError: Java heap space");
            assertThat(model.predict(new float[784], 1)).as("a replaced worker answers").hasSize(10);
            assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("predict-dying")))
                    .as("one worker, not one per death").hasSize(1);
        }
    }

    @Test
    void aRequestWaitsForItsPredictionNoLongerThanTheTimeout() {
        CountDownLatch release = new CountDownLatch(1);
        BatchingModel.Predictor stuck = new BatchingModel.Predictor() {
            @Override
            public float[] predict(float[] pixels, int count) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new float[count * ModelServer.CLASSES];
            }

            @Override
            public void close() {
            }
        };
        BatchingModel model = new BatchingModel(stuck, 64, Duration.ofMillis(300), "stuck");
        long start = System.nanoTime();
        assertThatThrownBy(() -> model.predict(new float[784], 1)).isInstanceOf(ModelUnavailable.class)
                .hasMessageContaining("gave no prediction within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        release.countDown();
        model.close();
    }

    @Test
    void aMissingOrUnreadableSavedModelIsUnavailableSayingWhere() throws Exception {
        ModelServer server = new ModelServer(new ServingProperties(1000, 4, Duration.ofSeconds(5), 1), TestStorage.local(dir), tools.jackson.databind.json.JsonMapper.builder().build(), registry);
        Path gone = dir.resolve("gone");
        assertThatThrownBy(() -> server.predict("m-gone", gone.toUri().toString(), new float[784], 1))
                .isInstanceOf(ModelUnavailable.class).hasMessageContaining("(model m-gone)")
                .hasMessageContaining(gone + " is missing");
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("saved_model.pb"), "garbage");
        assertThatThrownBy(() -> server.predict("m-broken", broken.toUri().toString(), new float[784], 1))
                .isInstanceOf(ModelUnavailable.class).hasMessageContaining("is unreadable");
        server.close();
    }

    /** A model whose answer is always class {@code favourite}: softmax of a bias that favours it. */
    private static Path export(Path target, int favourite) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> images = tf.withName("images")
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28)));
            Operand<TFloat32> pixels = tf.reshape(images, tf.constant(new int[] {-1, 784}));
            float[] bias = new float[ModelServer.CLASSES];
            bias[favourite] = 5;
            Variable<TFloat32> b = tf.variable(Shape.of(ModelServer.CLASSES), TFloat32.class);
            session.runner().addTarget(tf.assign(b, tf.constant(bias))).run().close();
            Operand<TFloat32> logits = tf.math.add(
                    tf.linalg.matMul(pixels, tf.zeros(tf.constant(new int[] {784, ModelServer.CLASSES}), TFloat32.class)),
                    b);
            Operand<TFloat32> probabilities = tf.withName("probabilities").nn.softmax(logits);
            Signature signature = Signature.builder().key("serving_default").methodName("tensorflow/serving/predict")
                    .input("images", images).output("probabilities", probabilities).build();
            SavedModelBundle.exporter(target.toString()).withFunction(session.function(signature)).export();
            return target;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int argmax(float[] out) {
        int best = 0;
        for (int i = 1; i < ModelServer.CLASSES; i++) {
            if (out[i] > out[best]) {
                best = i;
            }
        }
        return best;
    }
}
