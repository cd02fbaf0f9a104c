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
 * LISTEN wakes it, no poll waited for.
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
            try (SseClient client = new SseClient(listening.port(), "/api/v1/events?type=endpoint.", null)) {
                for (int i = 0; i < 5; i++) {
                    long start = System.nanoTime();
                    ApiClient.Response created = other.post("/api/v1/endpoints", "{\"displayName\": \"e" + i + "\"}");
                    assertThat(created.status()).as(created.body()).isEqualTo(201);
                    String id = created.json().get("id").asString();
                    client.await(e -> e.data().contains(id), Duration.ofSeconds(5));
                    heardAfterMillis.add((System.nanoTime() - start) / 1_000_000);
                }
            }
            assertThat(heardAfterMillis).as("each heard within a second").allMatch(ms -> ms < 1000);
            assertThat(heardAfterMillis.stream().sorted().toList().get(2))
                    .as("median: woken by the other's NOTIFY, not by its own half-second poll").isLessThan(250L);
        }
    }
}
