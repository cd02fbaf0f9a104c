package com.pipelines.events;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One connected client: its filter, what it has already, and — while its resume is being replayed from the
 * table — the live events that arrived meanwhile, sent after the replay without repeating any.
 */
class EventStream {

    private final SseEmitter emitter;
    private final LiveEvent.EventFilter filter;
    private final Runnable onClose;
    /** The client has every event up to here (its Last-Event-ID, or the newest when it connected). */
    private final long floor;
    /** The ids sent lately: replay and live overlap, and an event that committed late arrives below newer ones. */
    private final java.util.Set<Long> sent = java.util.Collections.newSetFromMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Long, Boolean> eldest) {
                    return size() > 4096;
                }
            });
    private List<LiveEvent> held = new ArrayList<>();
    private boolean closed;

    EventStream(SseEmitter emitter, LiveEvent.EventFilter filter, long floor, Runnable onClose) {
        this.emitter = emitter;
        this.filter = filter;
        this.floor = floor;
        this.onClose = onClose;
    }

    /** A live event: held while the replay runs, else sent if it matches and is new to this client. */
    synchronized void offer(LiveEvent event) {
        if (closed || !event.matches(filter)) {
            return;
        }
        if (held != null) {
            held.add(event);
            return;
        }
        send(event);
    }

    /**
     * The stream opens with a comment (the client gets its response at once, not at the first event) and the
     * reconnection delay; then the replay of what the client missed and what arrived during it; from now on events
     * go straight out.
     */
    synchronized void replayed(List<LiveEvent> missed) {
        try {
            emitter.send(SseEmitter.event().comment("connected").reconnectTime(2000));
        } catch (IOException | IllegalStateException gone) {
            close();
            return;
        }
        missed.forEach(this::send);
        List<LiveEvent> during = held;
        held = null;
        during.forEach(this::send);
    }

    synchronized void heartbeat() {
        if (closed) {
            return;
        }
        try {
            emitter.send(SseEmitter.event().comment("keep-alive"));
        } catch (IOException | IllegalStateException gone) {
            close();
        }
    }

    synchronized void complete() {
        closed = true;
        emitter.complete();
    }

    private void send(LiveEvent event) {
        if (closed || event.id() <= floor || !sent.add(event.id())) {
            return;
        }
        try {
            emitter.send(SseEmitter.event().id(Long.toString(event.id())).name(event.type())
                    .data(event.payload(), MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException gone) {
            close();
        }
    }

    private void close() {
        closed = true;
        onClose.run();
    }
}
