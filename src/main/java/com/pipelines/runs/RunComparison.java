package com.pipelines.runs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Runs side by side: parameters with the differing ones marked, final metrics, per-epoch curves. */
@Service
@Transactional(readOnly = true)
class RunComparison {

    static final int MIN_RUNS = 2;
    static final int MAX_RUNS = 20;

    private final PipelineRunRepository runs;
    private final RunMetricRepository metrics;

    RunComparison(PipelineRunRepository runs, RunMetricRepository metrics) {
        this.runs = runs;
        this.metrics = metrics;
    }

    @Schema(description = "Runs compared: each row holds one value per run, in the order of 'runs'")
    record Comparison(List<RunHeader> runs, List<Row> parameters, List<Row> metrics,
                      @Schema(description = "metric key → run id → points by step (epoch)")
                      Map<String, Map<UUID, List<Point>>> history) {
    }

    record RunHeader(UUID id, String displayName, String pipelineName, RunState state) {
    }

    @Schema(description = "One parameter or metric across the runs; differs is true when not all values are equal")
    record Row(String name, List<Object> values, boolean differs) {
    }

    record Point(int step, Object value) {
    }

    Comparison compare(List<UUID> ids) {
        if (ids.stream().anyMatch(Objects::isNull)) {
            throw RunException.invalidField("ids", "every id must be a run id (a UUID); an empty one was given");
        }
        Set<UUID> distinct = new LinkedHashSet<>(ids);
        if (distinct.size() < MIN_RUNS || distinct.size() > MAX_RUNS) {
            throw RunException.invalidField("ids", "give " + MIN_RUNS + " to " + MAX_RUNS + " different run ids");
        }
        List<PipelineRun> found = new ArrayList<>();
        for (UUID id : distinct) {
            found.add(runs.findById(id).orElseThrow(() -> RunException.notFound(id)));
        }
        Set<String> parameterNames = new LinkedHashSet<>();
        found.forEach(run -> parameterNames.addAll(run.parameterValues().keySet()));
        List<Row> parameters = parameterNames.stream()
                .map(name -> row(name, found.stream().map(r -> r.parameterValues().get(name)).toList())).toList();

        Map<UUID, Map<String, Object>> finals = new LinkedHashMap<>();
        Map<String, Map<UUID, List<Point>>> history = new LinkedHashMap<>();
        Set<String> metricKeys = new LinkedHashSet<>();
        for (PipelineRun run : found) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (RunMetric metric : metrics.findByRunIdOrderById(run.id())) {
                if (metric.step() == null) {
                    values.put(metric.key(), metric.value());
                    metricKeys.add(metric.key());
                } else {
                    history.computeIfAbsent(metric.key(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(run.id(), k -> new ArrayList<>())
                            .add(new Point(metric.step(), metric.value()));
                }
            }
            finals.put(run.id(), values);
        }
        history.values().forEach(byRun -> byRun.values().forEach(points ->
                points.sort((a, b) -> Integer.compare(a.step(), b.step()))));
        List<Row> metricRows = metricKeys.stream()
                .map(key -> row(key, found.stream().map(r -> finals.get(r.id()).get(key)).toList())).toList();
        List<RunHeader> headers = found.stream()
                .map(r -> new RunHeader(r.id(), r.displayName(), r.pipelineName(), r.state())).toList();
        return new Comparison(headers, parameters, metricRows, history);
    }

    private static Row row(String name, List<Object> values) {
        boolean differs = values.stream().map(v -> v instanceof Number n ? (Object) n.doubleValue() : v)
                .distinct().count() > 1;
        return new Row(name, new ArrayList<>(values), differs);
    }
}
