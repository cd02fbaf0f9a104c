package com.pipelines.serving;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.springframework.stereotype.Component;

/**
 * What each endpoint and deployed model serves: Prometheus meters ({@code pipelines_predict_seconds} by endpoint,
 * deployed model and outcome, with percentiles; {@code pipelines_predict_instances_total};
 * {@code pipelines_predict_errors_total} by kind) and, for the dashboard's live charts, requests and errors per
 * second over the last two minutes per endpoint.
 */
@Component
class EndpointMeters {

    static final int SECONDS = 120;

    private final MeterRegistry registry;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    EndpointMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of one endpoint and deployed model, looked up once rather than built per request. */
    private record Served(Timer timer, Counter instances) {
    }

    private final Map<String, Served> served = new ConcurrentHashMap<>();

    void served(String endpoint, String deployedModel, int instances, long nanos) {
        Served meters = served.computeIfAbsent(endpoint + '\n' + deployedModel, key -> new Served(
                timer(endpoint, deployedModel, "ok"),
                Counter.builder("pipelines.predict.instances").description("Instances predicted")
                        .tags("endpoint", endpoint, "deployed_model", deployedModel).register(registry)));
        meters.timer().record(nanos, TimeUnit.NANOSECONDS);
        meters.instances().increment(instances);
        window(endpoint).add(false);
    }

    void failed(String endpoint, String deployedModel, String kind, long nanos) {
        timer(endpoint, deployedModel, kind).record(nanos, TimeUnit.NANOSECONDS);
        Counter.builder("pipelines.predict.errors").description("Predict requests that failed, by kind")
                .tags("endpoint", endpoint, "deployed_model", deployedModel, "kind", kind).register(registry)
                .increment();
        window(endpoint).add(true);
    }

    private Timer timer(String endpoint, String deployedModel, String outcome) {
        return Timer.builder("pipelines.predict").description("Predict requests by endpoint, deployed model and outcome")
                .tags("endpoint", endpoint, "deployed_model", deployedModel, "outcome", outcome)
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .distributionStatisticExpiry(Duration.ofMinutes(1)).register(registry);
    }

    private Window window(String endpoint) {
        return windows.computeIfAbsent(endpoint, e -> new Window());
    }

    /** Per deployed model: requests, instances, errors by kind, latency percentiles; per second: requests, errors. */
    Map<String, Object> stats(String endpoint) {
        Map<String, Map<String, Object>> models = new LinkedHashMap<>();
        registry.find("pipelines.predict").tag("endpoint", endpoint).timers().forEach(timer -> {
            String model = timer.getId().getTag("deployed_model");
            String outcome = timer.getId().getTag("outcome");
            Map<String, Object> entry = models.computeIfAbsent(model, m -> new LinkedHashMap<>());
            if ("ok".equals(outcome)) {
                entry.put("requests", timer.count());
                for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
                    entry.put(p.percentile() == 0.5 ? "p50Millis" : "p99Millis", p.value(TimeUnit.MILLISECONDS));
                }
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> errors = (Map<String, Object>) entry.computeIfAbsent("errors",
                        e -> new LinkedHashMap<>());
                errors.put(outcome, timer.count());
            }
        });
        registry.find("pipelines.predict.instances").tag("endpoint", endpoint).counters().forEach(counter ->
                models.computeIfAbsent(counter.getId().getTag("deployed_model"), m -> new LinkedHashMap<>())
                        .put("instances", (long) counter.count()));
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("deployedModels", models);
        Window window = windows.get(endpoint);
        stats.put("perSecond", window == null ? List.of() : window.series());
        return stats;
    }

    /** Requests and errors per second, the last {@link #SECONDS} seconds, in a ring. */
    private static final class Window {
        private final AtomicLongArray requests = new AtomicLongArray(SECONDS);
        private final AtomicLongArray errors = new AtomicLongArray(SECONDS);
        private final AtomicLongArray stamps = new AtomicLongArray(SECONDS);

        void add(boolean error) {
            long second = System.currentTimeMillis() / 1000;
            int slot = (int) (second % SECONDS);
            long stamp = stamps.get(slot);
            if (stamp != second && stamps.compareAndSet(slot, stamp, second)) {
                requests.set(slot, 0);
                errors.set(slot, 0);
            }
            requests.incrementAndGet(slot);
            if (error) {
                errors.incrementAndGet(slot);
            }
        }

        List<Map<String, Long>> series() {
            long now = System.currentTimeMillis() / 1000;
            List<Map<String, Long>> points = new ArrayList<>();
            for (long second = now - SECONDS + 1; second <= now; second++) {
                int slot = (int) (second % SECONDS);
                boolean current = stamps.get(slot) == second;
                points.add(Map.of("time", second, "requests", current ? requests.get(slot) : 0L,
                        "errors", current ? errors.get(slot) : 0L));
            }
            return points;
        }
    }
}
