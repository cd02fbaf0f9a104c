package com.pipelines.serving;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What a loaded model's TensorFlow calls cost, as TF Serving's batching reports it: instances per call
 * ({@code pipelines_serving_batch_instances}) and the CPU time of the thread that made the call
 * ({@code pipelines_serving_batch_cpu_seconds}), tagged by model. CPU rather than wall time: under load the batching
 * thread shares the cores with the requests, and its wall time says more about the scheduler than about the model.
 */
final class BatchMeters implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final MeterRegistry registry;
    private final DistributionSummary instances;
    private final Timer cpu;

    BatchMeters(MeterRegistry registry, String modelId) {
        this.registry = registry;
        this.instances = DistributionSummary.builder("pipelines.serving.batch.instances")
                .description("Instances per TensorFlow call of a served model").tag("model", modelId)
                .register(registry);
        this.cpu = Timer.builder("pipelines.serving.batch.cpu")
                .description("CPU time of the calling thread per TensorFlow call of a served model")
                .tag("model", modelId).register(registry);
    }

    /** The calling thread's CPU time so far, to pass back to {@link #called}. */
    static long cpuNow() {
        return THREADS.getCurrentThreadCpuTime();
    }

    void called(int count, long cpuBefore) {
        instances.record(count);
        cpu.record(cpuNow() - cpuBefore, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        registry.remove(instances);
        registry.remove(cpu);
    }
}
