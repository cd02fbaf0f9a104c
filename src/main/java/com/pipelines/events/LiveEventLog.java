package com.pipelines.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.pipelines.deploy.EndpointChanged;
import com.pipelines.runs.StateChangeListener;
import com.pipelines.schedules.ScheduleFired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes each change as a {@code live_event} row in the transaction that makes it — synchronously, as the change is
 * flushed, so an event exists exactly when its change does —, tells every replica's listener on PostgreSQL
 * ({@code NOTIFY}, delivered at commit) and wakes this replica's {@link LiveEventHub} after the commit.
 */
@Component
class LiveEventLog {

    static final String CHANNEL = "pipelines_events";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final LiveEventHub hub;
    private final Cache<UUID, String> experiments = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterAccess(1, TimeUnit.HOURS).build();

    LiveEventLog(JdbcTemplate jdbc, JsonMapper json, Clock clock, LiveEventHub hub) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.hub = hub;
    }

    @EventListener
    void runState(StateChangeListener.RunStateChanged change) {
        experiments.put(change.runId(), change.experiment());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("runId", change.runId());
        payload.put("pipelineName", change.pipelineName());
        payload.put("experiment", change.experiment());
        payload.put("state", change.state());
        payload.put("time", change.time());
        write("run.state", change.runId(), change.experiment(), payload);
    }

    @EventListener
    void taskState(StateChangeListener.TaskStateChanged change) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("runId", change.runId());
        payload.put("task", change.task());
        payload.put("state", change.state());
        payload.put("attempt", change.attempt());
        payload.put("time", change.time());
        write("task.state", change.runId(), experiment(change.runId()), payload);
    }

    @EventListener
    void finalMetric(StateChangeListener.FinalMetricRecorded metric) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("runId", metric.runId());
        payload.put("task", metric.task());
        payload.put("key", metric.key());
        payload.put("value", metric.value());
        write("run.metric", metric.runId(), experiment(metric.runId()), payload);
    }

    @EventListener
    void scheduleFired(ScheduleFired fired) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("scheduleId", fired.scheduleId());
        payload.put("scheduledTime", fired.scheduledTime());
        payload.put("runId", fired.runId());
        write("schedule.fired", fired.runId(), null, payload);
    }

    @EventListener
    void endpointChanged(EndpointChanged changed) {
        write("endpoint.changed", null, null, Map.of("endpointId", changed.endpointId()));
    }

    /** Deletes events older than the window. */
    int purge(java.time.Duration window) {
        return jdbc.update("delete from live_event where create_time < ?",
                Timestamp.from(clock.instant().minus(window)));
    }

    private String experiment(UUID runId) {
        return experiments.get(runId, id -> {
            List<String> found = jdbc.queryForList("select experiment from pipeline_run where id = ?", String.class,
                    id);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    private void write(String type, UUID runId, String experiment, Map<String, Object> payload) {
        String text = json.writeValueAsString(payload);
        jdbc.update("insert into live_event (event_type, run_id, experiment, payload, create_time) "
                + "values (?, ?, ?, ?, ?)", type, runId, experiment, text.length() > 4000 ? text.substring(0, 4000)
                : text, Timestamp.from(clock.instant()));
        if (hub.postgres()) {
            jdbc.queryForList("select pg_notify('" + CHANNEL + "', '')");
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    hub.wake();
                }
            });
        } else {
            hub.wake();
        }
    }
}
