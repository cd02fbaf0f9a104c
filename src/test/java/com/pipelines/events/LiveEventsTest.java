package com.pipelines.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.SseClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The event stream: a run's changes arrive as they happen; a client reconnecting with Last-Event-ID gets what it
 * missed; an event another replica writes (a row and, on PostgreSQL, a NOTIFY from another connection) reaches a
 * client connected here; a run's log lines can be followed to its end.
 */
@EngineTest
class LiveEventsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private static Predicate<SseClient.Event> runState(UUID run, String state) {
        return e -> e.name().equals("run.state") && e.data().contains(run.toString())
                && e.data().contains("\"" + state + "\"");
    }

    @Test
    void aRunsChangesArriveAsTheyHappenAndAResumeGetsWhatWasMissed() throws Exception {
        ApiClient api = new ApiClient(port);
        String experiment = "live-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/experiments", "{\"name\": \"" + experiment + "\"}").status()).isEqualTo(201);
        List<SseClient.Event> seen;
        UUID run;
        try (SseClient client = new SseClient(port, "/api/v1/events?experiment=" + experiment, null)) {
            run = api.startRun("{\"pipelineName\": \"" + TestPipelines.PIPELINE + "\", \"enableCaching\": false, "
                    + "\"experiment\": \"" + experiment + "\"}");
            seen = client.until(runState(run, "SUCCEEDED"), Duration.ofSeconds(60));
        }
        assertThat(seen.get(0).name()).isEqualTo("run.state");
        assertThat(seen).anyMatch(e -> e.name().equals("task.state") && e.data().contains("\"produce\"")
                && e.data().contains("RUNNING"));
        assertThat(seen).anyMatch(e -> e.name().equals("run.metric") && e.data().contains("\"acc\""));
        assertThat(seen).allMatch(e -> e.data().contains(run.toString()));
        List<Long> ids = seen.stream().map(e -> Long.parseLong(e.id())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();

        try (SseClient resumed = new SseClient(port, "/api/v1/events?experiment=" + experiment, seen.get(0).id())) {
            List<SseClient.Event> again = resumed.until(runState(run, "SUCCEEDED"), Duration.ofSeconds(10));
            assertThat(again.stream().map(SseClient.Event::id).toList())
                    .as("everything after the Last-Event-ID, once")
                    .isEqualTo(seen.subList(1, seen.size()).stream().map(SseClient.Event::id).toList());
        }
        assertThat(api.get("/api/v1/events?type=BAD").status()).isEqualTo(400);
    }

    @Test
    void anEventAnotherReplicaWritesReachesAClientConnectedHere() throws Exception {
        try (SseClient client = new SseClient(port, "/api/v1/events?type=endpoint.", null)) {
            String marker = UUID.randomUUID().toString();
            long start = System.nanoTime();
            // what the other replica's LiveEventLog does: a row and, on PostgreSQL, a NOTIFY — on its own connection
            try (var connection = jdbc.getDataSource().getConnection()) {
                connection.setAutoCommit(false);
                try (var insert = connection.prepareStatement("insert into live_event (event_type, payload, "
                        + "create_time) values ('endpoint.changed', ?, ?)")) {
                    insert.setString(1, "{\"endpointId\": \"" + marker + "\"}");
                    insert.setTimestamp(2, Timestamp.from(Instant.now()));
                    insert.executeUpdate();
                }
                if (connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
                    try (var notify = connection.createStatement()) {
                        notify.execute("select pg_notify('" + LiveEventLog.CHANNEL + "', '')");
                    }
                }
                connection.commit();
            }
            client.await(e -> e.data().contains(marker), Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aRunsLogLinesCanBeFollowedToItsEnd() throws Exception {
        ApiClient api = new ApiClient(port);
        UUID run = api.startRun("{\"pipelineName\": \"" + TestPipelines.PIPELINE + "\", \"enableCaching\": false}");
        try (SseClient follow = new SseClient(port, "/api/v1/runs/" + run + "/logs?follow=true", null)) {
            List<SseClient.Event> lines = follow.until(e -> e.name().equals("end"), Duration.ofSeconds(60));
            assertThat(lines).anyMatch(e -> e.name().equals("log") && e.data().contains("behaviour ok"));
            assertThat(lines.get(lines.size() - 1).data()).contains("SUCCEEDED");
        }
        assertThat(api.get("/api/v1/runs/" + UUID.randomUUID() + "/logs?follow=true").status()).isEqualTo(404);
    }
}
