package com.pipelines.training;

import com.pipelines.PipelinesProperties;
import com.pipelines.datasets.DatasetSchema;
import com.pipelines.datasets.PreparedDataset;
import com.pipelines.pipeline.BackgroundPriority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loads TensorFlow's native library and runs one tiny training once the service is up, on a background thread, so
 * the first real run does not pay the seconds of native loading and JIT warm-up. On a machine's first start the
 * load extracts ~700 MB of libraries into JavaCPP's cache; a shutdown waits for that to finish, because a JVM that
 * exits mid-extraction leaves a truncated library that crashes (SIGBUS) every later start.
 */
@Component
class TensorFlowWarmup {

    private static final Logger log = LoggerFactory.getLogger(TensorFlowWarmup.class);

    private static final long EXTRACTION_WAIT_MS = 180_000;

    private final int niceness;
    private final java.util.concurrent.CountDownLatch nativeLoaded = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean loading;

    TensorFlowWarmup(PipelinesProperties properties) {
        this.niceness = properties.stepNiceness();
    }

    /** TensorFlow's thread pools are made by the first session and inherit this thread's (lowered) priority. */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        loading = true;
        Thread thread = new Thread(() -> {
            BackgroundPriority.lowerCurrentThread(niceness);
            long start = System.nanoTime();
            try {
                try {
                    org.tensorflow.TensorFlow.version();
                } finally {
                    nativeLoaded.countDown();
                }
                byte[] images = new byte[64 * MnistData.PIXELS];
                int[] labels = new int[64];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = i % MnistData.CLASSES;
                    images[i * MnistData.PIXELS + i] = (byte) 200;
                }
                DatasetSchema schema = DatasetSchema.mnistLike();
                PreparedDataset.Part tiny = new PreparedDataset.Part(schema, images, null, labels);
                new Trainer().train(new Network(ModelType.LINEAR, schema, Network.SEED_HIDDEN, 0, 0), tiny, tiny,
                        tiny, new TrainingConfig(1, 32, 0.001f, 0, 2, 1, 1, 0), TrainingListener.NONE);
                log.info("TensorFlow ready in {} ms", (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException | LinkageError e) {
                log.warn("TensorFlow warm-up failed; training will fail too: {}", e.toString());
            }
        }, "tensorflow-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    @jakarta.annotation.PreDestroy
    void awaitNativeLoad() throws InterruptedException {
        if (loading && !nativeLoaded.await(EXTRACTION_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            log.warn("TensorFlow's native library is still loading after {} s; stopping anyway", EXTRACTION_WAIT_MS / 1000);
        }
    }
}
