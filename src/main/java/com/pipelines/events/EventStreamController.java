package com.pipelines.events;

import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.pipelines.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.PreDestroy;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code GET /api/v1/events}: Server-Sent Events of run and task states, final metrics, schedule fires, endpoints. */
@RestController
@Validated
@Tag(name = "Events", description = "Changes pushed as Server-Sent Events, resumable with Last-Event-ID")
class EventStreamController {

    private static final int REPLAY_LIMIT = 10_000;

    private final LiveEventHub hub;
    private final EventsProperties properties;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "live-events-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private final java.util.Set<EventStream> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    EventStreamController(LiveEventHub hub, EventsProperties properties) {
        this.hub = hub;
        this.properties = properties;
        long every = properties.heartbeat().toMillis();
        heartbeats.scheduleWithFixedDelay(() -> open.forEach(EventStream::heartbeat), every, every,
                TimeUnit.MILLISECONDS);
    }

    @Operation(operationId = "streamEvents", summary = "Live events as Server-Sent Events (text/event-stream)",
            description = "Each event has an id, a type (run.state, task.state, run.metric, schedule.fired, "
                    + "endpoint.changed) and JSON data. Reconnect with the Last-Event-ID header (browsers do) or "
                    + "lastEventId to receive what was missed, within pipelines.events.window.")
    @ApiResponse(responseCode = "200", description = "The stream")
    @ApiResponse(responseCode = "503", description = "This replica holds pipelines.events.max-clients streams")
    @GetMapping(path = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@RequestParam(required = false) UUID runId,
                      @RequestParam(required = false) @Size(max = 128) String experiment,
                      @Parameter(description = "A type or a prefix: run.state, task., run.metric, ...")
                      @RequestParam(required = false) @Pattern(regexp = "[a-z.]{1,32}") String type,
                      @RequestParam(required = false) Long lastEventId,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader) {
        if (hub.clients() >= properties.maxClients()) {
            throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, ApiProblem.of(
                    HttpStatus.SERVICE_UNAVAILABLE, "too-many-streams", "Too many streams", "This replica holds "
                            + properties.maxClients() + " event streams; try another replica or later", "events"),
                    null);
        }
        Long resume = lastEventId != null ? lastEventId : parse(lastEventIdHeader);
        LiveEvent.EventFilter filter = new LiveEvent.EventFilter(runId, experiment, type);
        SseEmitter emitter = new SseEmitter(0L);
        long floor = resume != null ? resume : hub.latestId();
        EventStream[] holder = new EventStream[1];
        EventStream stream = new EventStream(emitter, filter, floor, () -> drop(holder[0]));
        holder[0] = stream;
        emitter.onCompletion(() -> drop(stream));
        emitter.onTimeout(() -> drop(stream));
        emitter.onError(e -> drop(stream));
        open.add(stream);
        hub.add(stream);
        stream.replayed(resume != null ? hub.since(resume, filter, REPLAY_LIMIT) : java.util.List.of());
        return emitter;
    }

    private void drop(EventStream stream) {
        if (stream != null) {
            open.remove(stream);
            hub.remove(stream);
        }
    }

    private static Long parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, ApiProblem.of(HttpStatus.BAD_REQUEST,
                    "invalid-request", "Invalid request", "Last-Event-ID must be an event id (a number)",
                    "Last-Event-ID"), null);
        }
    }

    @PreDestroy
    void stop() {
        heartbeats.shutdownNow();
    }
}
