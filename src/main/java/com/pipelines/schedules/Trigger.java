package com.pipelines.schedules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.scheduling.support.CronExpression;

/**
 * When a schedule fires: a cron expression in a time zone, or a fixed interval from an anchor, between an optional
 * start and end. Cron times are wall-clock times: a local time the clocks skip (spring forward) does not fire that
 * day; a local time that happens twice (fall back) fires once, at its first occurrence.
 */
final class Trigger {

    private static final String[] FIELDS = {"minute", "hour", "day of month", "month", "day of week"};
    private static final int MAX_SKIPS = 1000;

    private final CronExpression cron;
    private final Duration interval;
    private final ZoneId zone;
    private final Instant anchor;
    private final Instant end;

    private Trigger(CronExpression cron, Duration interval, ZoneId zone, Instant anchor, Instant end) {
        this.cron = cron;
        this.interval = interval;
        this.zone = zone;
        this.anchor = anchor;
        this.end = end;
    }

    /** A schedule's trigger: its cron in its zone, or its interval counted from its start (else its creation). */
    static Trigger of(String cron, Duration interval, ZoneId zone, Instant start, Instant end, Instant created) {
        return cron != null ? cron(cron, zone, start, end) : every(interval, start != null ? start : created, end);
    }

    static Trigger cron(String expression, ZoneId zone, Instant start, Instant end) {
        return new Trigger(parseCron(expression), null, zone, start, end);
    }

    /** Fires at {@code anchor + k × interval} (k ≥ 0; the anchor is the start time, or the creation time). */
    static Trigger every(Duration interval, Instant anchor, Instant end) {
        return new Trigger(null, interval, ZoneOffset.UTC, anchor, end);
    }

    /**
     * A standard five-field cron expression (minute hour day-of-month month day-of-week, as crontab and KFP's
     * recurring runs write it), or a macro such as {@code @daily}. A field it cannot parse is named with its position.
     */
    static CronExpression parseCron(String expression) {
        String text = expression == null ? "" : expression.trim();
        if (text.startsWith("@")) {
            try {
                return CronExpression.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown macro '" + text + "'; use @yearly, @monthly, @weekly, "
                        + "@daily or @hourly, or five fields");
            }
        }
        String[] fields = text.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("must have 5 fields (minute hour day-of-month month day-of-week), "
                    + "found " + (text.isEmpty() ? 0 : fields.length));
        }
        try {
            return CronExpression.parse("0 " + text);
        } catch (IllegalArgumentException e) {
            for (int i = 0; i < fields.length; i++) {
                String[] star = fields.clone();
                star[i] = "*";
                if (parses("0 " + String.join(" ", star))) {
                    throw new IllegalArgumentException("field " + (i + 1) + " (" + FIELDS[i] + ") '" + fields[i]
                            + "' is invalid: " + reason(e));
                }
            }
            throw new IllegalArgumentException("is invalid: " + reason(e));
        }
    }

    private static boolean parses(String expression) {
        try {
            CronExpression.parse(expression);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String reason(IllegalArgumentException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int colon = message.lastIndexOf(": ");
        return colon >= 0 ? message.substring(colon + 2) : message;
    }

    /** The first fire time strictly after {@code after} (and not before the start), if one comes before the end. */
    Optional<Instant> next(Instant after) {
        Instant from = anchor != null && after.isBefore(anchor) ? anchor.minusNanos(1) : after;
        Instant next = cron != null ? nextCron(from) : nextInterval(from);
        return next == null || (end != null && next.isAfter(end)) ? Optional.empty() : Optional.of(next);
    }

    /** Up to {@code count} fire times after {@code after}. */
    List<Instant> upcoming(Instant after, int count) {
        List<Instant> times = new ArrayList<>();
        Instant cursor = after;
        for (int i = 0; i < count; i++) {
            Optional<Instant> next = next(cursor);
            if (next.isEmpty()) {
                break;
            }
            times.add(next.get());
            cursor = next.get();
        }
        return times;
    }

    private Instant nextCron(Instant after) {
        LocalDateTime cursor = LocalDateTime.ofInstant(after, zone);
        for (int skips = 0; skips < MAX_SKIPS; skips++) {
            LocalDateTime candidate = cron.next(cursor);
            if (candidate == null) {
                return null;
            }
            List<ZoneOffset> offsets = zone.getRules().getValidOffsets(candidate);
            cursor = candidate;
            if (offsets.isEmpty()) {
                continue;
            }
            Instant instant = candidate.toInstant(offsets.get(0));
            if (instant.isAfter(after)) {
                return instant;
            }
        }
        return null;
    }

    private Instant nextInterval(Instant after) {
        Instant base = anchor == null ? after.truncatedTo(ChronoUnit.SECONDS) : anchor;
        if (after.isBefore(base)) {
            return base;
        }
        long periods = Duration.between(base, after).toNanos() / interval.toNanos() + 1;
        return base.plus(interval.multipliedBy(periods));
    }
}
