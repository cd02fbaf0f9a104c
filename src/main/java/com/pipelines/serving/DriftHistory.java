package com.pipelines.serving;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every judgement of a monitored deployed model, kept as long as the prediction log: the endpoint page's drift chart
 * (the score is the largest distance over its threshold, so above 1 means drifting, whatever the measure).
 */
@Component
class DriftHistory {

    static final int POINTS = 500;

    record Point(Instant time, int window, double score, boolean drifting, Map<String, Double> distances) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final JsonMapper json;

    DriftHistory(JdbcTemplate jdbc, Clock clock, JsonMapper json) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
    }

    /** Records one judgement of a deployed model: its window's distances per feature and their thresholds. */
    void record(String endpointId, String deployedModelId, Map<String, Object> report) {
        int window = ((Number) report.getOrDefault("window", 0)).intValue();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> features = (List<Map<String, Object>>) report.get("features");
        if (window == 0 || features == null) {
            return;
        }
        Map<String, Double> distances = new LinkedHashMap<>();
        double score = 0;
        for (Map<String, Object> feature : features) {
            double distance = ((Number) feature.get("distance")).doubleValue();
            double threshold = ((Number) feature.get("threshold")).doubleValue();
            distances.put(String.valueOf(feature.get("feature")), distance);
            score = Math.max(score, threshold > 0 ? distance / threshold : 0);
        }
        jdbc.update("insert into drift_judgement (endpoint_id, deployed_model_id, judge_time, window_size, score, "
                        + "drifting, distances) values (?, ?, ?, ?, ?, ?, ?)", endpointId, deployedModelId,
                Timestamp.from(clock.instant()), window, score, Boolean.TRUE.equals(report.get("drifting")),
                json.writeValueAsString(distances));
    }

    /** The endpoint's last judgements per deployed model, oldest first. */
    Map<String, List<Point>> of(String endpointId) {
        Map<String, List<Point>> byModel = new LinkedHashMap<>();
        List<Map.Entry<String, Point>> rows = jdbc.query("select deployed_model_id, judge_time, window_size, score, "
                + "drifting, distances from drift_judgement where endpoint_id = ? order by id desc fetch first "
                + POINTS + " rows only", (rs, i) -> Map.entry(rs.getString(1), new Point(
                rs.getTimestamp(2).toInstant(), rs.getInt(3), rs.getDouble(4), rs.getBoolean(5),
                distances(rs.getString(6)))), endpointId);
        for (int i = rows.size() - 1; i >= 0; i--) {
            byModel.computeIfAbsent(rows.get(i).getKey(), k -> new java.util.ArrayList<>()).add(rows.get(i).getValue());
        }
        return byModel;
    }

    int purge(java.time.Duration retention) {
        return jdbc.update("delete from drift_judgement where judge_time < ?",
                Timestamp.from(clock.instant().minus(retention)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Double> distances(String text) {
        return json.readValue(text, Map.class);
    }
}
