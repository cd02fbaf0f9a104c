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


/**
 * When a schedule fires: a cron expression in a time zone, or a fixed interval from an anchor, between an optional
 * start and end. Cron times are wall-clock times, as crontab has them: a local time the clocks skip (spring forward)
 * does not fire that day; a local time that happens twice (fall back) fires once, at its first occurrence — except
 * for a cron whose hour is a wildcard ({@code *}/{@code *}{@code /5}), which keeps firing through the repeated hour.
 */
final class Trigger {

    private static final String[] FIELDS = {"minute", "hour", "day of month", "month", "day of week"};
    private static final int MAX_SKIPS = 1000;

    private static final java.util.Map<String, String> MACROS = java.util.Map.of("@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    private final CronSchedule cron;
    private final Duration interval;
    private final ZoneId zone;
    private final Instant anchor;
    private final Instant end;

    private Trigger(CronSchedule cron, Duration interval, ZoneId zone, Instant anchor, Instant end) {
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
    static CronSchedule parseCron(String expression) {
        String text = expression == null ? "" : expression.trim();
        if (text.startsWith("@")) {
            String fields = MACROS.get(text.toLowerCase(java.util.Locale.ROOT));
            if (fields == null) {
                throw new IllegalArgumentException("unknown macro '" + text + "'; use @yearly, @monthly, @weekly, "
                        + "@daily or @hourly, or five fields");
            }
            return CronSchedule.of(fields.split(" "));
        }
        String[] fields = text.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("must have 5 fields (minute hour day-of-month month day-of-week), "
                    + "found " + (text.isEmpty() ? 0 : fields.length));
        }
        try {
            return CronSchedule.of(fields);
        } catch (IllegalArgumentException e) {
            for (int i = 0; i < fields.length; i++) {
                String[] star = fields.clone();
                star[i] = "*";
                if (parses(star)) {
                    throw new IllegalArgumentException("field " + (i + 1) + " (" + FIELDS[i] + ") '" + fields[i]
                            + "' is invalid: " + reason(e));
                }
            }
            throw new IllegalArgumentException("is invalid: " + reason(e));
        }
    }

    private static boolean parses(String[] fields) {
        try {
            CronSchedule.of(fields);
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

    /**
     * The last {@code count} fire times from {@code first} (a fire time, included) to {@code now}, oldest first —
     * found by looking back from {@code now} over a window that doubles until it holds them, never by walking every
     * missed time (a minute's interval missed for a year is half a million of them).
     */
    List<Instant> lastDue(Instant first, Instant now, int count) {
        if (first.isAfter(now)) {
            return List.of();
        }
        Duration span = Duration.between(first, now).plusMinutes(1);
        Duration window = cron != null ? Duration.ofMinutes(count + 1L) : interval.multipliedBy(count + 1L);
        while (true) {
            boolean whole = window.compareTo(span) >= 0;
            Instant cursor = whole ? first.minusNanos(1) : now.minus(window);
            List<Instant> found = new ArrayList<>();
            for (Optional<Instant> at = next(cursor); at.isPresent() && !at.get().isAfter(now); at = next(at.get())) {
                found.add(at.get());
                if (found.size() > count) {
                    found.remove(0);
                }
            }
            if (found.size() >= count || whole) {
                return found;
            }
            window = window.compareTo(span) > 0 ? span : window.multipliedBy(2);
        }
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
        Instant walked = walkCron(LocalDateTime.ofInstant(after, zone), after, null);
        if (!cron.hourWildcard()) {
            return walked;
        }
        // A fall-back night ahead: the repeated hour's local times, at the later offset, come before the walk's.
        java.time.zone.ZoneOffsetTransition fallBack = zone.getRules().nextTransition(after);
        if (fallBack != null && fallBack.isOverlap() && (walked == null || fallBack.getInstant().isBefore(walked))) {
            Instant repeated = walkCron(fallBack.getDateTimeAfter().minusNanos(1), after, fallBack);
            if (repeated != null && (walked == null || repeated.isBefore(walked))) {
                return repeated;
            }
        }
        return walked;
    }

    /**
     * The first cron time after the local time {@code cursor} that is an instant after {@code after}: a local time
     * that happens twice counts at its first offset, and also at its second when the hour is a wildcard. With
     * {@code repeated}, only the repeated hour of that fall-back transition, at its later offset.
     */
    private Instant walkCron(LocalDateTime cursor, Instant after, java.time.zone.ZoneOffsetTransition repeated) {
        for (int skips = 0; skips < MAX_SKIPS; skips++) {
            LocalDateTime candidate = cron.next(cursor);
            if (candidate == null) {
                return null;
            }
            cursor = candidate;
            if (repeated != null) {
                if (!candidate.isBefore(repeated.getDateTimeBefore())) {
                    return null;
                }
                Instant instant = candidate.toInstant(repeated.getOffsetAfter());
                if (instant.isAfter(after)) {
                    return instant;
                }
                continue;
            }
            List<ZoneOffset> offsets = zone.getRules().getValidOffsets(candidate);
            for (ZoneOffset offset : cron.hourWildcard() ? offsets : offsets.subList(0, Math.min(1, offsets.size()))) {
                Instant instant = candidate.toInstant(offset);
                if (instant.isAfter(after)) {
                    return instant;
                }
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
