package com.pipelines.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * This replica's connected streams and the one thread that feeds them: it reads new {@code live_event} rows in id
 * order when woken — by PostgreSQL's NOTIFY from any replica (a connection of its own LISTENs), by a commit here,
 * or every half second anyway — and hands each to the streams whose filter it matches. Ids that were skipped
 * (a transaction that took an id commits after a later one) are looked for again for a few seconds, so an event
 * that commits late still reaches its clients.
 */
@Component
class LiveEventHub {

    private static final Logger log = LoggerFactory.getLogger(LiveEventHub.class);
    private static final long GAP_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** A {@code select id, event_type, run_id, experiment, payload, create_time} row. */
    private static final org.springframework.jdbc.core.RowMapper<LiveEvent> ROW = (rs, i) -> new LiveEvent(
            rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5),
            rs.getTimestamp(6).toInstant());

    private final ObjectProvider<JdbcTemplate> jdbcProvider;
    private final ObjectProvider<DataSource> dataSources;
    private JdbcTemplate jdbc;
    private DataSource dataSource;
    private volatile Boolean postgres;
    private final List<EventStream> streams = new CopyOnWriteArrayList<>();
    private final Semaphore wakeUps = new Semaphore(0);
    private final java.util.Map<Long, Long> gaps = new ConcurrentHashMap<>();
    private volatile long lastSeen = -1;
    private volatile boolean open = true;
    private Thread reader;

    /** Providers: the command-line mode has no database, and no streams. */
    LiveEventHub(ObjectProvider<JdbcTemplate> jdbc, ObjectProvider<DataSource> dataSources) {
        this.jdbcProvider = jdbc;
        this.dataSources = dataSources;
    }

    private JdbcTemplate jdbc() {
        if (jdbc == null) {
            jdbc = jdbcProvider.getObject();
        }
        return jdbc;
    }

    boolean postgres() {
        if (postgres == null) {
            dataSource = dataSources.getObject();
            postgres = isPostgres(dataSource);
        }
        return postgres;
    }

    void wake() {
        wakeUps.release();
    }

    void add(EventStream stream) {
        streams.add(stream);
    }

    void remove(EventStream stream) {
        streams.remove(stream);
    }

    int clients() {
        return streams.size();
    }

    /** The newest event id now: where a new stream without Last-Event-ID starts. */
    long latestId() {
        Long id = jdbc().queryForObject("select max(id) from live_event", Long.class);
        return id == null ? 0 : id;
    }

    /** Events after {@code afterId} matching the filter, oldest first, at most {@code limit} (a resume's replay). */
    List<LiveEvent> since(long afterId, LiveEvent.EventFilter filter, int limit) {
        StringBuilder sql = new StringBuilder("select id, event_type, run_id, experiment, payload, create_time "
                + "from live_event where id > ?");
        List<Object> args = new ArrayList<>(List.of(afterId));
        if (filter.runId() != null) {
            sql.append(" and run_id = ?");
            args.add(filter.runId());
        }
        if (filter.experiment() != null) {
            sql.append(" and experiment = ?");
            args.add(filter.experiment());
        }
        if (filter.type() != null) {
            sql.append(" and event_type like ?");
            args.add(filter.type().replace("%", "") + "%");
        }
        sql.append(" order by id fetch first ").append(limit).append(" rows only");
        return jdbc().query(sql.toString(), ROW, args.toArray());
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (jdbcProvider.getIfAvailable() == null) {
            return;
        }
        postgres();
        lastSeen = latestId();
        reader = new Thread(this::feed, "live-events");
        reader.setDaemon(true);
        reader.start();
    }

    private void feed() {
        Connection listening = null;
        while (open) {
            try {
                if (postgres && listening == null) {
                    listening = dataSource.getConnection();
                    listening.setAutoCommit(true);
                    try (var statement = listening.createStatement()) {
                        statement.execute("LISTEN " + LiveEventLog.CHANNEL);
                    }
                }
                if (listening != null) {
                    listening.unwrap(PGConnection.class).getNotifications(500);
                    wakeUps.drainPermits();
                } else {
                    wakeUps.tryAcquire(500, TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
                dispatch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                log.warn("Live events: {}; reconnecting", e.toString());
                close(listening);
                listening = null;
                sleep();
            }
        }
        close(listening);
    }

    private void dispatch() {
        long from = lastSeen;
        List<Long> missing = new ArrayList<>(gaps.keySet());
        String sql = "select id, event_type, run_id, experiment, payload, create_time from live_event where id > ?"
                + (missing.isEmpty() ? "" : " or id in (" + String.join(",", missing.stream().map(String::valueOf)
                .toList()) + ")") + " order by id fetch first 2000 rows only";
        List<LiveEvent> events = jdbc().query(sql, ROW, from);
        long now = System.nanoTime();
        gaps.entrySet().removeIf(g -> now - g.getValue() > GAP_PATIENCE_NANOS);
        long expected = from + 1;
        for (LiveEvent event : events) {
            gaps.remove(event.id());
            if (event.id() > from) {
                for (long id = expected; id < event.id() && from >= 0 && event.id() - expected < 100; id++) {
                    gaps.putIfAbsent(id, now);
                }
                expected = event.id() + 1;
                lastSeen = Math.max(lastSeen, event.id());
            }
            for (EventStream stream : streams) {
                stream.offer(event);
            }
        }
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            return false;
        }
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is being replaced
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends every stream when the service begins to stop, before the web server's graceful shutdown waits for open
     * requests (an event stream would hold it for its whole timeout); clients reconnect with Last-Event-ID to a
     * replica that runs and miss nothing.
     */
    @EventListener
    void stop(ContextClosedEvent closed) {
        open = false;
        if (reader != null) {
            reader.interrupt();
        }
        streams.forEach(EventStream::complete);
    }
}
