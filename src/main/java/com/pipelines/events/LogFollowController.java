package com.pipelines.events;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/runs/{id}/logs?follow=true}: a run's log lines as Server-Sent Events as they are written (read
 * every quarter second after the last one sent), ending with a {@code end} event once the run has finished and its
 * last lines are out.
 */
@RestController
@Validated
@Tag(name = "Runs")
class LogFollowController {

    private static final long EVERY_MILLIS = 250;

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Set<SseEmitter> following = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService readers = Executors.newScheduledThreadPool(1, r -> {
        Thread thread = new Thread(r, "log-follow");
        thread.setDaemon(true);
        return thread;
    });

    LogFollowController(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Documented as listRunLogs' {@code follow} parameter: OpenAPI has one operation per path and method. */
    @io.swagger.v3.oas.annotations.Hidden
    @GetMapping(path = "/api/v1/runs/{id}/logs", params = "follow=true", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter follow(@PathVariable UUID id,
                      @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9_.\\[\\]-]{1,128}") String task,
                      @RequestParam(defaultValue = "0") long after) {
        if (state(id) == null) {
            throw new ErrorResponseException(HttpStatus.NOT_FOUND);
        }
        SseEmitter emitter = new SseEmitter(0L);
        following.add(emitter);
        AtomicLong cursor = new AtomicLong(after);
        AtomicReference<ScheduledFuture<?>> reading = new AtomicReference<>();
        Runnable stop = () -> {
            following.remove(emitter);
            ScheduledFuture<?> future = reading.get();
            if (future != null) {
                future.cancel(false);
            }
        };
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(e -> stop.run());
        reading.set(readers.scheduleWithFixedDelay(() -> {
            try {
                String state = state(id);
                boolean finished = state == null || com.pipelines.runs.RunState.valueOf(state).isTerminal();
                for (Map<String, Object> line : lines(id, task, cursor.get())) {
                    long lineId = ((Number) line.get("id")).longValue();
                    emitter.send(SseEmitter.event().id(Long.toString(lineId)).name("log")
                            .data(json.writeValueAsString(line), MediaType.APPLICATION_JSON));
                    cursor.set(lineId);
                }
                if (finished) {
                    emitter.send(SseEmitter.event().name("end").data("{\"state\": \"" + state + "\"}",
                            MediaType.APPLICATION_JSON));
                    emitter.complete();
                    stop.run();
                }
            } catch (IOException | IllegalStateException gone) {
                stop.run();
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
                stop.run();
            }
        }, 0, EVERY_MILLIS, TimeUnit.MILLISECONDS));
        return emitter;
    }

    private String state(UUID id) {
        List<String> found = jdbc.queryForList("select state from pipeline_run where id = ?", String.class, id);
        return found.isEmpty() ? null : found.get(0);
    }

    private List<Map<String, Object>> lines(UUID id, String task, long after) {
        String sql = "select id, task_name, attempt, log_time, message from task_log where run_id = ?"
                + (task == null ? "" : " and task_name = ?") + " and id > ? order by id fetch first 500 rows only";
        Object[] args = task == null ? new Object[] {id, after} : new Object[] {id, task, after};
        return jdbc.query(sql, (rs, i) -> {
            Map<String, Object> line = new java.util.LinkedHashMap<>();
            line.put("id", rs.getLong(1));
            line.put("task", rs.getString(2));
            line.put("attempt", rs.getInt(3));
            line.put("time", rs.getTimestamp(4).toInstant().toString());
            line.put("message", rs.getString(5));
            return line;
        }, args);
    }

    /**
     * Ends every follow when the service begins to stop, before the web server's graceful shutdown waits for open
     * requests: a stream never ends by itself, so it would hold the shutdown for its whole timeout. The client
     * follows again (from its last line id) on a replica that runs.
     */
    @EventListener
    void stop(ContextClosedEvent closed) {
        readers.shutdownNow();
        following.forEach(SseEmitter::complete);
    }
}
