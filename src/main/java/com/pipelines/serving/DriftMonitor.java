package com.pipelines.serving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import com.pipelines.datasets.DatasetSchema;
import com.pipelines.datasets.Datasets;
import com.pipelines.deploy.LocalEndpoints;
import com.pipelines.deploy.RegisteredModel;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Model monitoring: a sample of what each deployed model receives (its {@code samplingRate}) is kept, the last
 * {@code windowSize} instances, and compared with the statistics of the dataset version the model was trained on —
 * Jensen–Shannon distance per numeric feature on the dataset's own histogram bins, L-infinity per categorical
 * feature and for the predicted classes against the train split's classes. A distance over its threshold marks the
 * model drifting; becoming so publishes {@link ModelDriftDetected} (a signed {@code MODEL_DRIFT} webhook) once, until
 * it is back under. Kept in this replica's memory.
 */
@Component
class DriftMonitor {

    private static final long CONFIG_TTL_NANOS = 5_000_000_000L;

    private final EndpointMonitoringRepository configs;
    private final LocalEndpoints endpoints;
    private final Datasets datasets;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Map<String, CachedConfig> cached = new ConcurrentHashMap<>();
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, Optional<Map<String, Object>>> baselines = new ConcurrentHashMap<>();

    private record CachedConfig(Optional<EndpointMonitoring> config, long loadedAt) {
    }

    DriftMonitor(EndpointMonitoringRepository configs, LocalEndpoints endpoints, Datasets datasets,
                 ApplicationEventPublisher events, JsonMapper json) {
        this.configs = configs;
        this.endpoints = endpoints;
        this.datasets = datasets;
        this.events = events;
        this.json = json;
    }

    Optional<EndpointMonitoring> config(String endpointId) {
        long now = System.nanoTime();
        CachedConfig entry = cached.get(endpointId);
        if (entry == null || now - entry.loadedAt() > CONFIG_TTL_NANOS) {
            entry = new CachedConfig(configs.findById(endpointId), now);
            cached.put(endpointId, entry);
        }
        return entry.config();
    }

    void forget(String endpointId) {
        cached.remove(endpointId);
        windows.keySet().removeIf(key -> key.startsWith(endpointId + "/"));
    }

    /** Samples the instances of one answered request. */
    void observe(String endpointId, String deployedModelId, String modelId, DatasetSchema schema, float[] values,
                 int count, float[] probabilities) {
        Optional<EndpointMonitoring> config = config(endpointId);
        if (config.isEmpty()) {
            return;
        }
        EndpointMonitoring monitoring = config.get();
        Window window = windows.computeIfAbsent(endpointId + "/" + deployedModelId,
                key -> new Window(monitoring.windowSize(), schema, modelId));
        int width = schema.width();
        int classes = schema.classes();
        boolean evaluate = false;
        for (int i = 0; i < count; i++) {
            if (ThreadLocalRandom.current().nextDouble() >= monitoring.samplingRate()) {
                continue;
            }
            int predicted = 0;
            for (int c = 1; c < classes; c++) {
                if (probabilities[i * classes + c] > probabilities[i * classes + predicted]) {
                    predicted = c;
                }
            }
            evaluate |= window.add(java.util.Arrays.copyOfRange(values, i * width, (i + 1) * width), predicted);
        }
        if (evaluate) {
            Map<String, Object> report = evaluate(window, monitoring);
            boolean drifting = Boolean.TRUE.equals(report.get("drifting"));
            if (window.alerting(drifting)) {
                @SuppressWarnings("unchecked")
                List<String> drifted = (List<String>) report.get("drifted");
                events.publishEvent(new ModelDriftDetected(endpointId, endpoints.endpoint(null, null, endpointId)
                        .resourceName(), deployedModelId, endpoints.model(modelId).resourceName(), drifted,
                        window.size()));
            }
        }
    }

    /** Per deployed model of the endpoint: the window's size and each distance against its threshold. */
    Map<String, Object> report(String endpointId) {
        Map<String, Object> models = new LinkedHashMap<>();
        Optional<EndpointMonitoring> config = config(endpointId);
        windows.forEach((key, window) -> {
            if (key.startsWith(endpointId + "/") && config.isPresent()) {
                models.put(key.substring(endpointId.length() + 1), evaluate(window, config.get()));
            }
        });
        return models;
    }

    private Map<String, Object> evaluate(Window window, EndpointMonitoring config) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("window", window.size());
        Optional<Map<String, Object>> baseline = baseline(window.modelId());
        if (baseline.isEmpty()) {
            report.put("drifting", false);
            report.put("note", "the model was not trained on a registered dataset: nothing to compare with");
            return report;
        }
        List<float[]> rows = window.rows();
        List<Integer> predicted = window.predicted();
        List<Map<String, Object>> features = new ArrayList<>();
        List<String> drifted = new ArrayList<>();
        DatasetSchema schema = window.schema();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> trainFeatures = (List<Map<String, Object>>) baseline.get().getOrDefault("features",
                List.of());
        for (int f = 0; f < schema.features().size() && f < trainFeatures.size(); f++) {
            DatasetSchema.Feature feature = schema.features().get(f);
            Map<String, Object> train = trainFeatures.get(f);
            double distance = feature.categorical() ? categorical(rows, f, feature, train) : numeric(rows, f, train);
            double threshold = feature.categorical() ? config.categoricalThreshold() : config.numericThreshold();
            features.add(Map.of("feature", feature.name(), "distance", distance, "threshold", threshold,
                    "measure", feature.categorical() ? "l_infinity" : "jensen_shannon"));
            if (distance > threshold) {
                drifted.add(feature.name());
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Number> classCounts = (Map<String, Number>) baseline.get().getOrDefault("classCounts", Map.of());
        Map<String, Double> trained = new LinkedHashMap<>();
        classCounts.forEach((name, n) -> trained.put(name, n.doubleValue()));
        Map<String, Double> served = new LinkedHashMap<>();
        predicted.forEach(c -> served.merge(schema.classNames().get(c), 1.0, Double::sum));
        double predictions = DriftStatistics.lInfinity(trained, served);
        features.add(Map.of("feature", "(predicted class)", "distance", predictions, "threshold",
                config.categoricalThreshold(), "measure", "l_infinity"));
        if (predictions > config.categoricalThreshold()) {
            drifted.add("(predicted class)");
        }
        boolean full = window.size() >= config.windowSize();
        report.put("full", full);
        report.put("features", features);
        report.put("drifted", drifted);
        report.put("drifting", full && !drifted.isEmpty());
        return report;
    }

    private static double numeric(List<float[]> rows, int f, Map<String, Object> train) {
        @SuppressWarnings("unchecked")
        Map<String, Object> histogram = (Map<String, Object>) train.get("histogram");
        if (histogram == null) {
            return 0;
        }
        double min = ((Number) histogram.get("min")).doubleValue();
        double max = ((Number) histogram.get("max")).doubleValue();
        @SuppressWarnings("unchecked")
        List<Number> counts = (List<Number>) histogram.get("counts");
        double[] expected = counts.stream().mapToDouble(Number::doubleValue).toArray();
        double[] observed = new double[expected.length];
        for (float[] row : rows) {
            float value = row[f];
            if (Float.isNaN(value)) {
                continue;
            }
            int bin = max <= min ? 0 : (int) Math.floor((value - min) / (max - min) * expected.length);
            observed[Math.max(0, Math.min(expected.length - 1, bin))]++;
        }
        return DriftStatistics.jensenShannon(expected, observed);
    }

    private static double categorical(List<float[]> rows, int f, DatasetSchema.Feature feature,
                                      Map<String, Object> train) {
        @SuppressWarnings("unchecked")
        Map<String, Number> counts = (Map<String, Number>) train.getOrDefault("valueCounts", Map.of());
        Map<String, Double> expected = new LinkedHashMap<>();
        counts.forEach((value, n) -> expected.put(value, n.doubleValue()));
        Map<String, Double> observed = new LinkedHashMap<>();
        for (float[] row : rows) {
            int index = (int) row[f];
            String value = index < 0 ? "(unseen in train)" : feature.vocabulary().get(index).isEmpty() ? "(missing)"
                    : feature.vocabulary().get(index);
            observed.merge(value, 1.0, Double::sum);
        }
        return DriftStatistics.lInfinity(expected, observed);
    }

    /** The train split's statistics of the dataset version the model's lineage names, if any. */
    private Optional<Map<String, Object>> baseline(String modelId) {
        return baselines.computeIfAbsent(modelId, id -> {
            RegisteredModel model = endpoints.model(id);
            if (model.lineage() == null) {
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> lineage = json.readValue(model.lineage(), Map.class);
            Object name = lineage.get("dataset");
            Object version = lineage.get("datasetVersion");
            if (name == null || !(version instanceof Number number)) {
                return Optional.empty();
            }
            return datasets.statistics(name.toString(), number.intValue(), "train");
        });
    }

    /** The last {@code size} sampled instances of one deployed model and its predictions. */
    private static final class Window {
        private final int capacity;
        private final DatasetSchema schema;
        private final String modelId;
        private final java.util.ArrayDeque<float[]> rows = new java.util.ArrayDeque<>();
        private final java.util.ArrayDeque<Integer> predicted = new java.util.ArrayDeque<>();
        private long added;
        private boolean alerting;

        Window(int capacity, DatasetSchema schema, String modelId) {
            this.capacity = capacity;
            this.schema = schema;
            this.modelId = modelId;
        }

        /** Adds a sample; true when the window is full and a quarter of it is new since the last evaluation. */
        synchronized boolean add(float[] row, int prediction) {
            rows.addLast(row);
            predicted.addLast(prediction);
            if (rows.size() > capacity) {
                rows.removeFirst();
                predicted.removeFirst();
            }
            added++;
            return rows.size() == capacity && added % Math.max(1, capacity / 4) == 0;
        }

        /** Whether this evaluation starts an alert (drifting now, not before). */
        synchronized boolean alerting(boolean drifting) {
            boolean starts = drifting && !alerting;
            alerting = drifting;
            return starts;
        }

        synchronized List<float[]> rows() {
            return new ArrayList<>(rows);
        }

        synchronized List<Integer> predicted() {
            return new ArrayList<>(predicted);
        }

        synchronized int size() {
            return rows.size();
        }

        DatasetSchema schema() {
            return schema;
        }

        String modelId() {
            return modelId;
        }
    }
}
