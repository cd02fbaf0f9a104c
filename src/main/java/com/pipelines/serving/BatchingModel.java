package com.pipelines.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;

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
 * {@link Closed}, so that the caller loads the model again.
 */
final class BatchingModel implements AutoCloseable {

    private record Pending(float[] pixels, int count, CompletableFuture<float[]> result) {
    }

    /** This model was closed (evicted) before the prediction could start. */
    static final class Closed extends RuntimeException {
        Closed() {
            super("model closed", null, false, false);
        }
    }

    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private final ReentrantReadWriteLock inUse = new ReentrantReadWriteLock();
    private volatile boolean open = true;

    BatchingModel(SavedModelBundle bundle, int maxBatch, String name) {
        this.bundle = bundle;
        this.function = bundle.function("serving_default");
        this.maxBatch = maxBatch;
        this.worker = new Thread(this::serve, "predict-" + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    float[] predict(float[] pixels, int count) {
        inUse.readLock().lock();
        try {
            if (!open) {
                throw new Closed();
            }
            if (count >= maxBatch) {
                return call(pixels, count);
            }
            CompletableFuture<float[]> result = new CompletableFuture<>();
            queue.add(new Pending(pixels, count, result));
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a prediction", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            inUse.readLock().unlock();
        }
    }

    private void serve() {
        List<Pending> batch = new ArrayList<>();
        while (open) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            int total = batch.get(0).count();
            Pending next;
            while (total < maxBatch && (next = queue.peek()) != null && total + next.count() <= maxBatch) {
                batch.add(queue.poll());
                total += next.count();
            }
            run(batch, total);
            batch.clear();
        }
    }

    private void run(List<Pending> batch, int total) {
        try {
            float[] pixels;
            if (batch.size() == 1) {
                pixels = batch.get(0).pixels();
            } else {
                pixels = new float[total * InstanceParser.PIXELS];
                int offset = 0;
                for (Pending p : batch) {
                    System.arraycopy(p.pixels(), 0, pixels, offset, p.count() * InstanceParser.PIXELS);
                    offset += p.count() * InstanceParser.PIXELS;
                }
            }
            float[] out = call(pixels, total);
            int offset = 0;
            for (Pending p : batch) {
                int length = p.count() * ModelServer.CLASSES;
                p.result().complete(batch.size() == 1 ? out : Arrays.copyOfRange(out, offset, offset + length));
                offset += length;
            }
        } catch (RuntimeException e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    private float[] call(float[] pixels, int count) {
        try (TFloat32 images = TFloat32.tensorOf(Shape.of(count, 28, 28),
                DataBuffers.of(pixels, true, false).narrow((long) count * InstanceParser.PIXELS));
             Result result = function.call(Map.of("images", images))) {
            float[] out = new float[count * ModelServer.CLASSES];
            ((TFloat32) result.get("probabilities").orElseThrow()).copyTo(DataBuffers.of(out, false, false));
            return out;
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
            worker.interrupt();
            joinWorker();
            bundle.close();
        } finally {
            inUse.writeLock().unlock();
        }
    }

    /** No prediction is in flight here, so the worker is idle in take() and ends at once when interrupted. */
    private void joinWorker() {
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
