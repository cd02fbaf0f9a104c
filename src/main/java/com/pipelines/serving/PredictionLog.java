package com.pipelines.serving;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Request-response logging of monitored endpoints, as Vertex's: sampled instances (the values the model received)
 * and the class it answered, written to the database — and, when the endpoint names a destination, as JSONL to a
 * folder or bucket ({@link PredictionLogExport}) — in batches by a thread of its own — a prediction only enqueues,
 * and when the queue is full the sample is dropped and counted ({@code pipelines_prediction_log_dropped_total}).
 * Rows older than {@code pipelines.monitoring.log-retention} are deleted. Every replica's traffic lands here, so drift
 * is judged over all of it.
 */
@Component
class PredictionLog {

    private static final Logger log = LoggerFactory.getLogger(PredictionLog.class);

    record Entry(String endpointId, String deployedModelId, String modelId, float[] instance, int predicted,
                 String predictedLabel, String destination, long time) {
    }

    record Row(float[] instance, int predicted) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final MonitoringProperties properties;
    private final BlockingQueue<Entry> queue;
    private final Counter dropped;
    private final Thread writer;
    private volatile boolean open = true;

    private final PredictionLogExport export;

    PredictionLog(JdbcTemplate jdbc, Clock clock, MonitoringProperties properties, MeterRegistry meters,
                  PredictionLogExport export) {
        this.export = export;
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.queue = new ArrayBlockingQueue<>(properties.logQueue());
        this.dropped = Counter.builder("pipelines.prediction.log.dropped")
                .description("Sampled predictions not logged because the log's queue was full").register(meters);
        this.writer = new Thread(this::write, "prediction-log");
        writer.setDaemon(true);
        writer.start();
    }

    void append(String endpointId, String deployedModelId, String modelId, float[] instance, int predicted,
                String predictedLabel, String destination) {
        if (!queue.offer(new Entry(endpointId, deployedModelId, modelId, instance, predicted, predictedLabel,
                destination, clock.millis()))) {
            dropped.increment();
        }
    }

    /** The last {@code size} logged rows of a deployed model, oldest first. */
    List<Row> last(String deployedModelId, int size) {
        List<Row> rows = new ArrayList<>(jdbc.query("select instance, predicted_class from prediction_log "
                        + "where deployed_model_id = ? order by id desc fetch first " + size + " rows only",
                (rs, i) -> new Row(decode(rs.getString(1)), rs.getInt(2)), deployedModelId));
        java.util.Collections.reverse(rows);
        return rows;
    }

    /** Deletes what is past its retention. */
    int purge() {
        return jdbc.update("delete from prediction_log where log_time < ?",
                Timestamp.from(clock.instant().minus(properties.logRetention())));
    }

    /** Waits until what was queued before now is written (tests, shutdown). */
    void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!queue.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private void write() {
        List<Entry> batch = new ArrayList<>();
        while (open || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 499);
                jdbc.batchUpdate("insert into prediction_log (endpoint_id, deployed_model_id, model_id, log_time, "
                        + "instance, predicted_class) values (?, ?, ?, ?, ?, ?)", batch, batch.size(), (ps, e) -> {
                            ps.setString(1, e.endpointId());
                            ps.setString(2, e.deployedModelId());
                            ps.setString(3, e.modelId());
                            ps.setTimestamp(4, new Timestamp(e.time()));
                            ps.setString(5, encode(e.instance()));
                            ps.setInt(6, e.predicted());
                        });
                exportToStores(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Could not write {} sampled predictions: {}", batch.size(), e.toString());
                dropped.increment(batch.size());
            } finally {
                batch.clear();
            }
        }
    }

    /** The batch's entries of endpoints that also log to a folder or bucket, one object per endpoint. */
    private void exportToStores(List<Entry> batch) {
        Map<String, List<Entry>> byEndpoint = new LinkedHashMap<>();
        for (Entry e : batch) {
            if (e.destination() != null) {
                byEndpoint.computeIfAbsent(e.endpointId() + "\n" + e.destination(), k -> new ArrayList<>()).add(e);
            }
        }
        byEndpoint.forEach((key, entries) -> {
            try {
                export.write(entries.get(0).destination(), entries.get(0).endpointId(), entries);
            } catch (RuntimeException failed) {
                log.warn("Could not write {} sampled predictions to {}: {}", entries.size(),
                        entries.get(0).destination(), failed.toString());
                dropped.increment(entries.size());
            }
        });
    }

    static String encode(float[] values) {
        StringBuilder text = new StringBuilder(values.length * 6);
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ",").append(Float.isNaN(values[i]) ? "NaN" : Float.toString(values[i]));
        }
        return text.toString();
    }

    static float[] decode(String text) {
        String[] parts = text.split(",");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.parseFloat(parts[i]);
        }
        return values;
    }

    @PreDestroy
    void close() {
        open = false;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
