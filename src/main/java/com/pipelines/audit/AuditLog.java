package com.pipelines.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The audit events in the database: recorded one per state-changing request, read a page at a time, purged. */
@Component
class AuditLog {

    static final int PURGE_BATCH = 5_000;

    record Event(long id, Instant time, String key, String method, String resource, String operation, int status,
                 String clientAddress) {
    }

    record Page(List<Event> events, long totalElements) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    AuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void record(String key, String method, String resource, String operation, int status, String clientAddress) {
        jdbc.update("insert into audit_event (event_time, key_name, method, resource, operation, status, "
                        + "client_address) values (?, ?, ?, ?, ?, ?, ?)", Timestamp.from(clock.instant()), key, method,
                truncate(resource, 2048), truncate(operation, 128), status, truncate(clientAddress, 64));
    }

    /** Newest first; {@code resource} matches a prefix of the request path. */
    Page find(String key, String resource, Instant since, Instant until, int page, int size) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (key != null) {
            where.append(" and key_name = ?");
            args.add(key);
        }
        if (resource != null) {
            where.append(" and resource like ? escape '\\'");
            args.add(resource.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (since != null) {
            where.append(" and event_time >= ?");
            args.add(Timestamp.from(since));
        }
        if (until != null) {
            where.append(" and event_time < ?");
            args.add(Timestamp.from(until));
        }
        Long total = jdbc.queryForObject("select count(*) from audit_event" + where, Long.class, args.toArray());
        List<Event> events = jdbc.query("select id, event_time, key_name, method, resource, operation, status, "
                        + "client_address from audit_event" + where + " order by id desc offset " + ((long) page * size)
                        + " rows fetch next " + size + " rows only",
                (rs, i) -> new Event(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8)), args.toArray());
        return new Page(events, total == null ? 0 : total);
    }

    /** Deletes events older than the retention, a bounded batch per statement; returns how many went. */
    int purge(java.time.Duration retention) {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(retention));
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.update("delete from audit_event where id in (select id from audit_event where "
                    + "event_time < ? order by id fetch first " + PURGE_BATCH + " rows only)", cutoff);
            total += deleted;
        } while (deleted == PURGE_BATCH);
        return total;
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
