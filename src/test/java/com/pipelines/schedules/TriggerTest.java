package com.pipelines.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Fire times: cron in a time zone across both DST changes, intervals, start and end. */
class TriggerTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aCronSkipsTheLocalTimeClocksJumpOverAndFiresOnceWhenTheyGoBack() {
        Trigger nightly = Trigger.cron("30 2 * * *", BERLIN, null, null);
        List<Instant> spring = nightly.upcoming(Instant.parse("2030-03-29T12:00:00Z"), 3);
        assertThat(spring).containsExactly(
                Instant.parse("2030-03-30T01:30:00Z"),   // 02:30 CET
                Instant.parse("2030-04-01T00:30:00Z"),   // 02:30 CEST; 2030-03-31 02:30 does not exist
                Instant.parse("2030-04-02T00:30:00Z"));
        List<Instant> autumn = nightly.upcoming(Instant.parse("2030-10-26T12:00:00Z"), 2);
        assertThat(autumn).containsExactly(
                Instant.parse("2030-10-27T00:30:00Z"),   // the first 02:30 (CEST) only
                Instant.parse("2030-10-28T01:30:00Z"));  // 02:30 CET
        Trigger hourly = Trigger.cron("0 * * * *", BERLIN, null, null);
        assertThat(hourly.upcoming(Instant.parse("2030-10-26T23:30:00Z"), 4)).containsExactly(
                Instant.parse("2030-10-27T00:00:00Z"),   // 02:00 CEST
                Instant.parse("2030-10-27T01:00:00Z"),   // 02:00 CET: a wildcard hour fires through the repeated hour
                Instant.parse("2030-10-27T02:00:00Z"),   // 03:00 CET
                Instant.parse("2030-10-27T03:00:00Z"));
    }

    @Test
    void aWildcardHourCronKeepsFiringThroughTheRepeatedHourAsCrontabDoes() {
        Trigger everyHalfHour = Trigger.cron("*/30 * * * *", BERLIN, null, null);
        assertThat(everyHalfHour.upcoming(Instant.parse("2030-10-26T23:45:00Z"), 5)).containsExactly(
                Instant.parse("2030-10-27T00:00:00Z"),   // 02:00 CEST
                Instant.parse("2030-10-27T00:30:00Z"),   // 02:30 CEST
                Instant.parse("2030-10-27T01:00:00Z"),   // 02:00 CET
                Instant.parse("2030-10-27T01:30:00Z"),   // 02:30 CET
                Instant.parse("2030-10-27T02:00:00Z"));  // 03:00 CET
        Trigger fixed = Trigger.cron("15 2 * * *", BERLIN, null, null);
        assertThat(fixed.upcoming(Instant.parse("2030-10-26T23:45:00Z"), 2)).containsExactly(
                Instant.parse("2030-10-27T00:15:00Z"), Instant.parse("2030-10-28T01:15:00Z"));
    }

    @Test
    void dayOfMonthAndDayOfWeekBothRestrictedFireOnEither() {
        Trigger firstOrMonday = Trigger.cron("0 0 1 * 1", ZoneId.of("UTC"), null, null);
        assertThat(firstOrMonday.upcoming(Instant.parse("2030-08-31T12:00:00Z"), 4)).containsExactly(
                Instant.parse("2030-09-01T00:00:00Z"),   // the 1st, a Sunday
                Instant.parse("2030-09-02T00:00:00Z"),   // Mondays
                Instant.parse("2030-09-09T00:00:00Z"),
                Instant.parse("2030-09-16T00:00:00Z"));
        Trigger mondaysOnly = Trigger.cron("0 0 * * 1", ZoneId.of("UTC"), null, null);
        assertThat(mondaysOnly.upcoming(Instant.parse("2030-08-31T12:00:00Z"), 1))
                .containsExactly(Instant.parse("2030-09-02T00:00:00Z"));
    }

    @Test
    void catchUpJumpsToTheFiresItWillMakeWithoutWalkingEveryMissedTime() {
        Instant first = Instant.parse("2030-01-01T00:00:00Z");
        Instant now = Instant.parse("2033-01-01T00:00:30Z");
        Trigger everyMinute = Trigger.every(Duration.ofMinutes(1), first, null);
        assertThat(everyMinute.lastDue(first, now, 1)).containsExactly(Instant.parse("2033-01-01T00:00:00Z"));
        List<Instant> hundred = everyMinute.lastDue(first, now, 100);
        assertThat(hundred).hasSize(100).endsWith(Instant.parse("2033-01-01T00:00:00Z"))
                .startsWith(Instant.parse("2032-12-31T22:21:00Z"));
        Trigger cronMinute = Trigger.cron("* * * * *", ZoneId.of("UTC"), null, null);
        assertThat(cronMinute.lastDue(first, now, 3)).containsExactly(Instant.parse("2032-12-31T23:58:00Z"),
                Instant.parse("2032-12-31T23:59:00Z"), Instant.parse("2033-01-01T00:00:00Z"));
        Trigger yearly = Trigger.cron("@yearly", ZoneId.of("UTC"), null, null);
        assertThat(yearly.lastDue(first, now, 10)).containsExactly(first, Instant.parse("2031-01-01T00:00:00Z"),
                Instant.parse("2032-01-01T00:00:00Z"), Instant.parse("2033-01-01T00:00:00Z"));
        assertThat(everyMinute.lastDue(now.plusSeconds(60), now, 5)).isEmpty();
    }

    @Test
    void cronErrorsNameTheField() {
        assertThatThrownBy(() -> Trigger.parseCron("0 25 * * *")).hasMessageStartingWith("field 2 (hour) '25'");
        assertThatThrownBy(() -> Trigger.parseCron("0 2 * * MOON")).hasMessageStartingWith("field 5 (day of week)");
        assertThatThrownBy(() -> Trigger.parseCron("0 2 * *")).hasMessageContaining("must have 5 fields")
                .hasMessageContaining("found 4");
        assertThatThrownBy(() -> Trigger.parseCron("@fortnightly")).hasMessageContaining("unknown macro");
        assertThat(Trigger.parseCron("@daily")).isNotNull();
    }

    @Test
    void intervalsCountFromTheirAnchorAndStopAtTheEnd() {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        Trigger every6h = Trigger.every(Duration.ofHours(6), start, Instant.parse("2030-01-01T12:00:00Z"));
        assertThat(every6h.next(start.minusNanos(1))).contains(start);
        assertThat(every6h.upcoming(start, 5)).containsExactly(Instant.parse("2030-01-01T06:00:00Z"),
                Instant.parse("2030-01-01T12:00:00Z"));
        assertThat(every6h.next(Instant.parse("2030-01-01T07:59:00Z"))).contains(Instant.parse("2030-01-01T12:00:00Z"));
        Trigger later = Trigger.cron("0 2 * * *", ZoneId.of("UTC"), Instant.parse("2030-06-01T00:00:00Z"), null);
        assertThat(later.next(start)).contains(Instant.parse("2030-06-01T02:00:00Z"));
    }
}
