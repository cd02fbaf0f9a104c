package com.pipelines.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.DatabaseTest;
import com.pipelines.testing.PostgresTestDatabase;
import com.pipelines.testing.ServiceProcess;
import com.pipelines.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas, two JVMs on one PostgreSQL (the PostgreSQL pass only): a client following the event stream of one
 * replica hears, within a second, the changes made through the other — the other's commit NOTIFYs, this one's
 * LISTEN wakes it, no poll waited for. When its replica stops, the stream ends at once and the client resumes on the
 * other from its Last-Event-ID.
 */
@DatabaseTest
class CrossReplicaEventsTest {

    @TempDir
    Path dataDir;

    @Test
    void aClientOfOneReplicaHearsWhatIsDoneThroughTheOther() throws Exception {
        String url = PostgresTestDatabase.createSharedDatabase();
        try (ServiceProcess listening = ServiceProcess.start("listening", dataDir.resolve("a"), url);
             ServiceProcess acting = ServiceProcess.start("acting", dataDir.resolve("b"), url)) {
            listening.awaitReady();
            ApiClient other = acting.awaitReady().api();
            List<Long> heardAfterMillis = new ArrayList<>();
            String lastHeard;
            try (SseClient client = new SseClient(listening.port(), "/api/v1/events?type=endpoint.", null)) {
                SseClient.Event heard = null;
                for (int i = 0; i < 5; i++) {
                    long start = System.nanoTime();
                    ApiClient.Response created = other.post("/api/v1/endpoints", "{\"displayName\": \"e" + i + "\"}");
                    assertThat(created.status()).as(created.body()).isEqualTo(201);
                    String id = created.json().get("id").asString();
                    heard = client.await(e -> e.data().contains(id), Duration.ofSeconds(5));
                    heardAfterMillis.add((System.nanoTime() - start) / 1_000_000);
                }
                lastHeard = heard.id();

                // The listening replica stops (SIGTERM, as a rolling restart does): its open stream ends at once
                // rather than holding the graceful shutdown for its whole timeout (30 s).
                long stopping = System.nanoTime();
                listening.close();
                assertThat(client.endedWithin(Duration.ofSeconds(1))).as("the stream ended with its replica").isTrue();
                assertThat((System.nanoTime() - stopping) / 1_000_000).as("stop not held by the stream")
                        .isLessThan(15_000L);
            }
            assertThat(heardAfterMillis).as("each heard within a second").allMatch(ms -> ms < 1000);
            assertThat(heardAfterMillis.stream().sorted().toList().get(2))
                    .as("median: woken by the other's NOTIFY, not by its own half-second poll").isLessThan(250L);

            // The client resumes on the other replica from the last event it saw and misses nothing.
            String created = other.post("/api/v1/endpoints", "{\"displayName\": \"after\"}").json().get("id")
                    .asString();
            try (SseClient resumed = new SseClient(acting.port(), "/api/v1/events?type=endpoint.", lastHeard)) {
                SseClient.Event next = resumed.await(e -> true, Duration.ofSeconds(5));
                assertThat(next.data()).as("the first event after " + lastHeard).contains(created);
            }
        }
    }
}
