package com.pipelines.serving;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import com.pipelines.datasets.DatasetSchema;
import com.pipelines.datasets.ModelSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * One loaded SavedModel with opportunistic batching, as TF Serving's batching does: requests that arrive while the
 * model is busy are joined into the next call, up to {@code maxBatch} instances. A lone request goes straight
 * through (no waiting for company), so batching costs nothing at low load and saves most of the per-call cost at
 * high load (one call for 32 instances costs ~0.3 ms against ~0.2 ms for one). Closing waits for the predictions
 * in flight (a read lock each) before the native model is freed; a prediction that comes after is refused with
 * {@link Closed}, so that the caller loads the model again. A request waits at most {@code timeout}; a batching
 * worker that dies (any {@link Throwable}) fails the requests of its batch and is replaced. A dense model read into a
 * {@link DenseForwardPass} answers up to {@link #DIRECT_MAX} instances on the caller's thread instead: plain
 * arithmetic that cannot hang, cheaper than a TensorFlow call.
 */
final class BatchingModel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchingModel.class);

    /** The model itself: probabilities for {@code count} images of 784 pixels. */
    interface Predictor extends AutoCloseable {
        float[] predict(float[] pixels, int count);

        @Override
        void close();
    }

    private record Pending(float[] pixels, int count, CompletableFuture<float[]> result) {
    }

    /** This model was closed (evicted) before the prediction could start. */
    static final class Closed extends RuntimeException {
        Closed() {
            super("model closed", null, false, false);
        }
    }

    /** Up to this many instances, a model with a {@link DenseForwardPass} answers on the caller's thread. */
    static final int DIRECT_MAX = 8;

    private final Predictor predictor;
    private final DenseForwardPass direct;
    private final ModelSignature signature;
    private final int width;
    private final int classes;
    private final int maxBatch;
    private final Duration timeout;
    private final String name;
    private final BatchMeters meters;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ReentrantReadWriteLock inUse = new ReentrantReadWriteLock();
    private volatile Thread worker;
    private volatile boolean open = true;

    /**
     * A loaded SavedModel, with its Java forward pass when it is a dense stack that matches TensorFlow; {@code meters}
     * may be null.
     */
    static BatchingModel of(SavedModelBundle bundle, ModelSignature signature, int maxBatch, Duration timeout,
                            String name, BatchMeters meters) {
        Predictor tensorFlow = savedModel(bundle, signature);
        DenseForwardPass direct = DenseForwardPass.readChecked(bundle, signature.schema(), tensorFlow, name)
                .orElse(null);
        return new BatchingModel(tensorFlow, direct, signature, maxBatch, timeout, name, meters);
    }

    BatchingModel(Predictor predictor, int maxBatch, Duration timeout, String name) {
        this(predictor, ModelSignature.mnistLike(), maxBatch, timeout, name);
    }

    BatchingModel(Predictor predictor, ModelSignature signature, int maxBatch, Duration timeout, String name) {
        this(predictor, null, signature, maxBatch, timeout, name, null);
    }

    /** {@code meters} may be null: nothing is recorded. */
    BatchingModel(Predictor predictor, DenseForwardPass direct, ModelSignature signature, int maxBatch,
                  Duration timeout, String name, BatchMeters meters) {
        this.predictor = predictor;
        this.direct = direct;
        this.signature = signature;
        this.width = signature.schema().width();
        this.classes = signature.schema().classes();
        this.maxBatch = maxBatch;
        this.timeout = timeout;
        this.name = name;
        this.meters = meters;
        startWorker();
    }

    float[] predict(float[] pixels, int count) {
        inUse.readLock().lock();
        try {
            if (!open) {
                throw new Closed();
            }
            if (direct != null && count <= DIRECT_MAX) {
                return direct.predict(pixels, count);
            }
            if (count >= maxBatch) {
                return call(pixels, count);
            }
            CompletableFuture<float[]> result = new CompletableFuture<>();
            queue.add(new Pending(pixels, count, result));
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelUnavailable("was interrupted while waiting for a prediction", e);
        } catch (TimeoutException e) {
            throw new ModelUnavailable("gave no prediction within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new ModelUnavailable("failed: " + ModelUnavailable.describe(e.getCause()), e.getCause());
        } finally {
            inUse.readLock().unlock();
        }
    }

    private void startWorker() {
        Thread thread = new Thread(this::serve, "predict-" + name);
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    private void serve() {
        List<Pending> batch = new ArrayList<>();
        try {
            while (open) {
                batch.add(queue.take());
                int total = batch.get(0).count();
                Pending next;
                while (total < maxBatch && (next = queue.peek()) != null && total + next.count() <= maxBatch) {
                    batch.add(queue.poll());
                    total += next.count();
                }
                run(batch, total);
                batch.clear();
            }
        } catch (InterruptedException e) {
            // closed
        } catch (Throwable died) {
            log.error("The prediction worker of model {} died; failing {} requests and starting another", name,
                    batch.size(), died);
            ModelUnavailable failure = new ModelUnavailable("failed: " + ModelUnavailable.describe(died), died);
            batch.forEach(p -> p.result().completeExceptionally(failure));
            if (open) {
                startWorker();
            }
        }
    }

    private void run(List<Pending> batch, int total) {
        try {
            float[] pixels;
            if (batch.size() == 1) {
                pixels = batch.get(0).pixels();
            } else {
                pixels = new float[total * width];
                int offset = 0;
                for (Pending p : batch) {
                    System.arraycopy(p.pixels(), 0, pixels, offset, p.count() * width);
                    offset += p.count() * width;
                }
            }
            float[] out = call(pixels, total);
            int offset = 0;
            for (Pending p : batch) {
                int length = p.count() * classes;
                p.result().complete(batch.size() == 1 ? out : Arrays.copyOfRange(out, offset, offset + length));
                offset += length;
            }
        } catch (RuntimeException e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    private float[] call(float[] pixels, int count) {
        try {
            if (meters == null) {
                return predictor.predict(pixels, count);
            }
            long cpu = BatchMeters.cpuNow();
            float[] out = predictor.predict(pixels, count);
            meters.called(count, cpu);
            return out;
        } catch (Error e) {
            if (Thread.currentThread() == worker) {
                throw e;
            }
            throw new ModelUnavailable("failed: " + ModelUnavailable.describe(e), e);
        }
    }

    @Override
    public void close() {
        inUse.writeLock().lock();
        try {
            if (!open) {
                return;
            }
            open = false;
            Thread current = worker;
            current.interrupt();
            joinWorker(current);
            predictor.close();
            if (meters != null) {
                meters.close();
            }
        } finally {
            inUse.writeLock().unlock();
        }
    }

    /** No prediction is in flight here, so the worker is idle in take() and ends at once when interrupted. */
    private static void joinWorker(Thread current) {
        try {
            current.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a few instances are computed in Java on the caller's thread rather than by TensorFlow. */
    boolean answersDirectly() {
        return direct != null;
    }

    /** What the model takes and answers: its input name and shape, features, class names. */
    ModelSignature signature() {
        return signature;
    }

    static Predictor savedModel(SavedModelBundle bundle, ModelSignature signature) {
        SessionFunction function = bundle.function("serving_default");
        DatasetSchema schema = signature.schema();
        int width = schema.width();
        int classes = schema.classes();
        long[] shape = schema.inputShape(0);
        return new Predictor() {
            @Override
            public float[] predict(float[] pixels, int count) {
                long[] dims = shape.clone();
                dims[0] = count;
                try (TFloat32 input = TFloat32.tensorOf(Shape.of(dims),
                        DataBuffers.of(pixels, true, false).narrow((long) count * width));
                     Result result = function.call(Map.of(signature.input(), input))) {
                    float[] out = new float[count * classes];
                    ((TFloat32) result.get(signature.output()).orElseThrow()).copyTo(DataBuffers.of(out, false, false));
                    return out;
                }
            }

            @Override
            public void close() {
                bundle.close();
            }
        };
    }
}
