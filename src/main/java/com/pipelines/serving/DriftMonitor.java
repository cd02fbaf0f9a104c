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
 * Model monitoring: a sample of what each deployed model receives (its {@code samplingRate}) goes to the prediction
 * log, and the last {@code windowSize} logged instances — from every replica — are compared with the statistics of
 * the dataset version the model was trained on: Jensen–Shannon distance per numeric feature on the dataset's own
 * histogram bins, L-infinity per categorical feature and for the predicted classes against the train split's
 * classes. A distance over its threshold marks the model drifting; {@link #judge()} (a recurring control task, one
 * replica at a time) publishes {@link ModelDriftDetected} — a signed {@code MODEL_DRIFT} webhook — when a model
 * starts drifting, and not again until it has been back under (the state is a row, shared by the replicas); each
 * judgement goes to the {@link DriftHistory} for the endpoint's drift chart.
 */
@Component
class DriftMonitor {

    private static final long CONFIG_TTL_NANOS = 5_000_000_000L;

    private final EndpointMonitoringRepository configs;
    private final LocalEndpoints endpoints;
    private final Datasets datasets;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final PredictionLog predictions;
    private final ModelServer server;
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;
    private final DriftHistory history;
    private final PredictionLogExport export;
    private final MonitoringProperties properties;
    private final Map<String, CachedConfig> cached = new ConcurrentHashMap<>();
    private final Map<String, Optional<Map<String, Object>>> baselines = new ConcurrentHashMap<>();

    private record CachedConfig(Optional<EndpointMonitoring> config, long loadedAt) {
    }

    DriftMonitor(EndpointMonitoringRepository configs, LocalEndpoints endpoints, Datasets datasets,
                 ApplicationEventPublisher events, JsonMapper json, PredictionLog predictions, ModelServer server,
                 org.springframework.jdbc.core.JdbcTemplate jdbc, DriftHistory history,
                 MonitoringProperties properties, PredictionLogExport export) {
        this.export = export;
        this.history = history;
        this.properties = properties;
        this.predictions = predictions;
        this.server = server;
        this.jdbc = jdbc;
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
    }

    /** Samples the instances of one answered request into the prediction log. */
    void observe(String endpointId, String deployedModelId, String modelId, DatasetSchema schema, float[] values,
                 int count, float[] probabilities) {
        Optional<EndpointMonitoring> config = config(endpointId);
        if (config.isEmpty()) {
            return;
        }
        int width = schema.width();
        int classes = schema.classes();
        for (int i = 0; i < count; i++) {
            if (ThreadLocalRandom.current().nextDouble() >= config.get().samplingRate()) {
                continue;
            }
            int predicted = 0;
            for (int c = 1; c < classes; c++) {
                if (probabilities[i * classes + c] > probabilities[i * classes + predicted]) {
                    predicted = c;
                }
            }
            predictions.append(endpointId, deployedModelId, modelId,
                    java.util.Arrays.copyOfRange(values, i * width, (i + 1) * width), predicted,
                    schema.classNames().get(predicted), config.get().logDestination());
        }
    }

    /**
     * Every monitored endpoint's deployed models judged over their full windows; a model that starts drifting is
     * announced once. Also deletes the prediction log past its retention.
     */
    void judge() {
        List<EndpointMonitoring> monitored = configs.findAll();
        for (EndpointMonitoring config : monitored) {
            Map<String, Object> models = report(config.endpointId(), config);
            models.forEach((deployedModelId, value) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> report = (Map<String, Object>) value;
                boolean drifting = Boolean.TRUE.equals(report.get("drifting"));
                history.record(config.endpointId(), deployedModelId, report);
                if (transition(config.endpointId(), deployedModelId, drifting)) {
                    @SuppressWarnings("unchecked")
                    List<String> drifted = (List<String>) report.get("drifted");
                    events.publishEvent(new ModelDriftDetected(config.endpointId(),
                            endpoints.endpoint(null, null, config.endpointId()).resourceName(), deployedModelId,
                            String.valueOf(report.get("model")), drifted, (Integer) report.get("window")));
                }
            });
        }
        predictions.purge();
        history.purge(properties.logRetention());
        for (EndpointMonitoring config : monitored) {
            if (config.logDestination() != null) {
                try {
                    export.purge(config.logDestination(), config.endpointId(), properties.logRetention());
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(DriftMonitor.class).warn("Could not purge the prediction log "
                            + "in {}: {}", config.logDestination(), e.toString());
                }
            }
        }
    }

    /** Records whether a deployed model drifts; true when it starts to. */
    private boolean transition(String endpointId, String deployedModelId, boolean drifting) {
        List<Boolean> before = jdbc.queryForList("select alerting from drift_state where endpoint_id = ? and "
                + "deployed_model_id = ?", Boolean.class, endpointId, deployedModelId);
        if (before.isEmpty()) {
            jdbc.update("insert into drift_state (endpoint_id, deployed_model_id, alerting) values (?, ?, ?)",
                    endpointId, deployedModelId, drifting);
            return drifting;
        }
        if (before.get(0) != drifting) {
            jdbc.update("update drift_state set alerting = ? where endpoint_id = ? and deployed_model_id = ?",
                    drifting, endpointId, deployedModelId);
        }
        return drifting && !before.get(0);
    }

    /** Per deployed model of the endpoint: the window's size and each distance against its threshold. */
    Map<String, Object> report(String endpointId) {
        return config(endpointId).map(config -> report(endpointId, config)).orElse(Map.of());
    }

    private Map<String, Object> report(String endpointId, EndpointMonitoring config) {
        Map<String, Object> models = new LinkedHashMap<>();
        for (var deployed : endpoints.deployedModels(endpointId)) {
            var model = endpoints.model(deployed.modelId());
            DatasetSchema schema = server.signature(model.id(), model.artifactUri()).schema();
            List<PredictionLog.Row> rows = predictions.last(deployed.id(), config.windowSize());
            Map<String, Object> report = evaluate(rows, schema, model.id(), config);
            report.put("model", model.resourceName());
            models.put(deployed.id(), report);
        }
        return models;
    }

    private Map<String, Object> evaluate(List<PredictionLog.Row> logged, DatasetSchema schema, String modelId,
                                         EndpointMonitoring config) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("window", logged.size());
        Optional<Map<String, Object>> baseline = baseline(modelId);
        if (baseline.isEmpty()) {
            report.put("drifting", false);
            report.put("note", "the model was not trained on a registered dataset: nothing to compare with");
            return report;
        }
        List<float[]> rows = logged.stream().map(PredictionLog.Row::instance).toList();
        List<Integer> predicted = logged.stream().map(PredictionLog.Row::predicted).toList();
        List<Map<String, Object>> features = new ArrayList<>();
        List<String> drifted = new ArrayList<>();
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
        boolean full = logged.size() >= config.windowSize();
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
}
