package com.pipelines.schedules;

import java.time.LocalDateTime;
import java.util.List;

import org.springframework.scheduling.support.CronExpression;

/**
 * A five-field cron as crontab (Vixie/cronie) and KFP's recurring runs (robfig/cron) read it: when day-of-month and
 * day-of-week are both restricted, a day matching either fires (Spring's {@link CronExpression} alone wants both);
 * {@code hourWildcard} (the hour field starts with {@code *}) says it fires through a repeated hour on a fall-back
 * night, as crontab does, where a fixed-hour cron fires once.
 */
record CronSchedule(List<CronExpression> alternatives, boolean hourWildcard) {

    /** The first local time strictly after {@code after} that one of the alternatives matches, or null. */
    LocalDateTime next(LocalDateTime after) {
        LocalDateTime best = null;
        for (CronExpression expression : alternatives) {
            LocalDateTime candidate = expression.next(after);
            if (candidate != null && (best == null || candidate.isBefore(best))) {
                best = candidate;
            }
        }
        return best;
    }

    /** Six-field Spring expressions for the five fields (seconds 0); two when both day fields are restricted. */
    static CronSchedule of(String[] fields) {
        boolean hourWildcard = fields[1].startsWith("*");
        String base = "0 " + fields[0] + " " + fields[1] + " ";
        if (!fields[2].startsWith("*") && !fields[4].startsWith("*")) {
            return new CronSchedule(List.of(
                    CronExpression.parse(base + fields[2] + " " + fields[3] + " *"),
                    CronExpression.parse(base + "* " + fields[3] + " " + fields[4])), hourWildcard);
        }
        return new CronSchedule(List.of(CronExpression.parse(base + fields[2] + " " + fields[3] + " " + fields[4])),
                hourWildcard);
    }
}
