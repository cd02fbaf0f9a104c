package com.pipelines.schedules;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * One row per fire time of a schedule (its primary key is the guard: a second run for the same fire time cannot be
 * committed), and the schedule's unfinished runs.
 */
@Repository
class FireLog {

    enum Outcome { CREATED, SKIPPED, FAILED }

    record Fire(Instant scheduledTime, Instant fireTime, UUID runId, Outcome outcome, String reason) {
    }

    private final JdbcClient jdbc;

    FireLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean exists(UUID schedule, Instant scheduledTime) {
        return jdbc.sql("select count(*) from schedule_fire where schedule_id = ? and scheduled_time = ?")
                .params(schedule, java.sql.Timestamp.from(scheduledTime)).query(Long.class).single() > 0;
    }

    void record(UUID schedule, Fire fire) {
        jdbc.sql("insert into schedule_fire (schedule_id, scheduled_time, fire_time, run_id, outcome, reason) "
                        + "values (?, ?, ?, ?, ?, ?)")
                .params(schedule, java.sql.Timestamp.from(fire.scheduledTime()), java.sql.Timestamp.from(fire.fireTime()),
                        fire.runId(), fire.outcome().name(), fire.reason() == null || fire.reason().length() <= 1024
                                ? fire.reason() : fire.reason().substring(0, 1024))
                .update();
    }

    List<Fire> latest(UUID schedule, int limit) {
        return jdbc.sql("select scheduled_time, fire_time, run_id, outcome, reason from schedule_fire "
                        + "where schedule_id = ? order by scheduled_time desc limit " + limit)
                .param(schedule)
                .query((rs, n) -> new Fire(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(),
                        rs.getObject(3, UUID.class), Outcome.valueOf(rs.getString(4)), rs.getString(5)))
                .list();
    }

    /** Runs the schedule made that have not finished. */
    List<UUID> unfinishedRuns(UUID schedule) {
        return jdbc.sql("select id from pipeline_run where schedule_id = ? "
                        + "and state not in ('SUCCEEDED', 'FAILED', 'CANCELLED') order by create_time")
                .param(schedule).query(UUID.class).list();
    }
}
