package com.pipelines.runs;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/** One entry of a run's state history. */
@Embeddable
public class StateChange {

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false, length = 16)
    private RunState state;

    @Column(name = "change_time", nullable = false)
    private Instant time;

    @Column(name = "message")
    private String message;

    protected StateChange() {
    }

    StateChange(RunState state, Instant time, String message) {
        this.state = state;
        this.time = time;
        this.message = message;
    }

    public RunState state() {
        return state;
    }

    public Instant time() {
        return time;
    }

    public String message() {
        return message;
    }
}
