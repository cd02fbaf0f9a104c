package com.pipelines.housekeeping;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.pipelines.runs.RunState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One pass of retention (a recurring control task, one replica at a time): first finishes the folders of runs
 * deleted before (a replica killed mid-pass left them pending), then deletes at most {@code batch-size} finished runs
 * that fall out of their pipeline's rule — older than {@code max-age}, or beyond the newest {@code keep-last} — each
 * in its own short transaction, then webhook deliveries and schedule fires past their ages, in batches. A run that
 * must stay (a deployed or aliased version, outputs another run reuses) is skipped and logged, never half-deleted.
 */
@Component
class RetentionPass {

    private static final Logger log = LoggerFactory.getLogger(RetentionPass.class);
    private static final int ROW_BATCH = 5_000;
    /** The terminal states as an SQL list, from {@link RunState#isTerminal()}. */
    private static final String FINISHED = java.util.Arrays.stream(RunState.values()).filter(RunState::isTerminal)
            .map(state -> "'" + state.name() + "'").collect(java.util.stream.Collectors.joining(", ", "(", ")"));

    private final JdbcTemplate jdbc;
    private final RunDeletion deletion;
    private final RetentionProperties properties;
    private final Clock clock;

    RetentionPass(JdbcTemplate jdbc, RunDeletion deletion, RetentionProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.deletion = deletion;
        this.properties = properties;
        this.clock = clock;
    }

    /** Runs one pass; returns how many runs it deleted. */
    int run() {
        deletion.finishPending(null);
        int deleted = 0;
        for (UUID id : expired()) {
            RunDeletion.Outcome outcome = deletion.delete(id, "retention");
            if (outcome.deleted()) {
                deleted++;
            } else {
                log.info("Retention keeps run {}: {}", id, outcome.reason());
            }
        }
        Instant now = clock.instant();
        purge("webhook_delivery", "create_time", now.minus(properties.webhookDeliveries()));
        purge("schedule_fire", "fire_time", now.minus(properties.scheduleFires()));
        return deleted;
    }

    /** Finished runs out of their pipeline's rule, oldest first, at most a batch. */
    private List<UUID> expired() {
        Set<UUID> ids = new LinkedHashSet<>();
        List<String> pipelines = jdbc.queryForList("select distinct pipeline_name from pipeline_run", String.class);
        for (String pipeline : pipelines) {
            RetentionProperties.Rule rule = properties.ruleFor(pipeline);
            int room = properties.batchSize() - ids.size();
            if (room <= 0) {
                break;
            }
            if (rule.maxAge() != null) {
                ids.addAll(jdbc.queryForList("select id from pipeline_run where pipeline_name = ? and state in "
                        + FINISHED + " and create_time < ? order by create_time fetch first "
                        + room + " rows only", UUID.class, pipeline,
                        Timestamp.from(clock.instant().minus(rule.maxAge()))));
            }
            room = properties.batchSize() - ids.size();
            if (rule.keepLast() != null && room > 0) {
                ids.addAll(jdbc.queryForList("select id from pipeline_run where pipeline_name = ? and state in "
                        + FINISHED + " order by create_time desc, id desc offset "
                        + rule.keepLast() + " rows fetch next " + room + " rows only", UUID.class, pipeline));
            }
        }
        return new ArrayList<>(ids);
    }

    private void purge(String table, String column, Instant before) {
        int deleted;
        do {
            deleted = jdbc.update("delete from " + table + " where " + column + " < ? and " + column + " in (select "
                    + column + " from " + table + " where " + column + " < ? order by " + column + " fetch first "
                    + ROW_BATCH + " rows only)", Timestamp.from(before), Timestamp.from(before));
        } while (deleted == ROW_BATCH);
    }
}
