package com.pipelines.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The service's clock in tests: the system clock, or set to an instant and moved by hand (schedules). */
public final class TestClock extends Clock {

    private volatile Instant fixed;

    /** From now on the clock shows {@code instant} until moved or reset. */
    public void set(Instant instant) {
        fixed = instant;
    }

    public void advance(Duration by) {
        fixed = fixed.plus(by);
    }

    /** Back to the system clock. */
    public void reset() {
        fixed = null;
    }

    @Override
    public Instant instant() {
        Instant now = fixed;
        return now != null ? now : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
