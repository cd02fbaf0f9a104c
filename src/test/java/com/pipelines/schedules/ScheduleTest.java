package com.pipelines.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestClock;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Schedules on a clock the test moves (set in 2030, so the control scheduler's own wake-ups, on the real clock, never
 * come: each fire is the test calling what the wake-up calls).
 */
@EngineTest
class ScheduleTest {

    private static final Instant T0 = Instant.parse("2030-01-07T00:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    @Autowired
    ScheduleFiring firing;
    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        clock.set(T0);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    private UUID create(String extra) {
        ApiClient.Response created = api.post("/api/v1/schedules", """
                {"displayName": "every minute", "pipelineName": "%s", "interval": "PT1M"%s%s}""".formatted(
                TestPipelines.PIPELINE, extra.contains("parameterValues") ? "" : ", \"parameterValues\": {}",
                extra.contains("maxConcurrency") ? extra : extra + ", \"maxConcurrency\": 10"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

    private JsonNode runsOf(UUID schedule) {
        return api.get("/api/v1/runs?size=100&filter=" + java.net.URLEncoder.encode("scheduleId = \"" + schedule + "\"",
                java.nio.charset.StandardCharsets.UTF_8)).json().get("runs");
    }

    private List<Instant> scheduledTimes(UUID schedule) {
        List<Instant> times = new ArrayList<>();
        for (JsonNode run : runsOf(schedule)) {
            times.add(Instant.parse(api.run(UUID.fromString(run.get("id").asString())).get("scheduledTime").asString()));
        }
        times.sort(null);
        return times;
    }

    private void tick(UUID schedule, Duration by) {
        clock.advance(by);
        firing.fire(schedule);
    }

    @Test
    void anIntervalFiresOnTimeRecordsItsRunsAndCompletesAtMaxRunCount() {
        UUID id = create(", \"maxRunCount\": 2");
        JsonNode created = api.get("/api/v1/schedules/" + id).json();
        assertThat(created.get("nextFireTimes").get(0).asString()).isEqualTo("2030-01-07T00:00:00Z");
        assertThat(created.get("nextFireTimes")).hasSize(5);
        firing.fire(id);
        tick(id, Duration.ofSeconds(30));
        tick(id, Duration.ofSeconds(30));
        JsonNode schedule = api.get("/api/v1/schedules/" + id).json();
        assertThat(schedule.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(schedule.get("runCount").asInt()).isEqualTo(2);
        assertThat(scheduledTimes(id)).containsExactly(T0, T0.plusSeconds(60));
        JsonNode run = api.run(UUID.fromString(runsOf(id).get(0).get("id").asString()));
        assertThat(run.get("scheduleId").asString()).isEqualTo(id.toString());
        assertThat(run.get("jobId").asString()).matches("test-pipeline-" + id + "-2030010700(00|01)00");
        tick(id, Duration.ofMinutes(5));
        assertThat(runsOf(id)).hasSize(2);
        String scrape = api.get("/actuator/prometheus").body();
        assertThat(scrape).contains("pipelines_schedule_fires_total{outcome=\"created\"}")
                .contains("pipelines_schedule_lateness_seconds_count");
    }

    @Test
    void resumingWithoutCatchUpRunsTheLatestMissedTimeAndWithCatchUpEveryOne() {
        UUID plain = create("");
        UUID catchUp = create(", \"catchUp\": true");
        for (UUID id : List.of(plain, catchUp)) {
            firing.fire(id);
            assertThat(api.post("/api/v1/schedules/" + id + ":pause", "").json().get("state").asString())
                    .isEqualTo("PAUSED");
        }
        clock.advance(Duration.ofMinutes(5).plusSeconds(10));
        for (UUID id : List.of(plain, catchUp)) {
            firing.fire(id);
            assertThat(runsOf(id)).as("paused").hasSize(1);
            assertThat(api.post("/api/v1/schedules/" + id + ":resume", "").json().get("state").asString())
                    .isEqualTo("ACTIVE");
            firing.fire(id);
        }
        assertThat(scheduledTimes(plain)).containsExactly(T0, T0.plusSeconds(300));
        assertThat(scheduledTimes(catchUp)).containsExactly(T0, T0.plusSeconds(60), T0.plusSeconds(120),
                T0.plusSeconds(180), T0.plusSeconds(240), T0.plusSeconds(300));
        assertThat(api.get("/api/v1/schedules/" + plain).json().get("nextFireTimes").get(0).asString())
                .isEqualTo("2030-01-07T00:06:00Z");
    }

    @Test
    void anEndTimeCompletesTheSchedule() {
        UUID id = create(", \"endTime\": \"2030-01-07T00:02:30Z\"");
        firing.fire(id);
        tick(id, Duration.ofMinutes(1));
        tick(id, Duration.ofMinutes(1));
        assertThat(api.get("/api/v1/schedules/" + id).json().get("state").asString()).isEqualTo("COMPLETED");
        assertThat(scheduledTimes(id)).hasSize(3);
    }

    @Test
    void atMaxConcurrencySkipRecordsTheSkippedFireAndQueueMakesTheRunWait() {
        String slow = ", \"parameterValues\": {\"behaviour\": \"slow\", \"slowMillis\": 600000}";
        UUID skip = create(slow + ", \"whenBusy\": \"SKIP\", \"maxConcurrency\": 1");
        UUID queue = create(slow + ", \"whenBusy\": \"QUEUE\", \"maxConcurrency\": 1");
        try {
            for (UUID id : List.of(skip, queue)) {
                firing.fire(id);
                tick(id, Duration.ofMinutes(1));
            }
            assertThat(runsOf(skip)).hasSize(1);
            JsonNode fire = api.get("/api/v1/schedules/" + skip).json().get("latestFires").get(0);
            assertThat(fire.get("outcome").asString()).isEqualTo("SKIPPED");
            assertThat(fire.get("reason").asString()).contains("maxConcurrency 1 reached");
            assertThat(runsOf(queue)).hasSize(2);
        } finally {
            for (UUID id : List.of(skip, queue)) {
                runsOf(id).forEach(run -> api.post("/api/v1/runs/" + run.get("id").asString() + ":cancel", ""));
            }
        }
    }

    @Test
    void aCrashInsideAFireLosesNothingAndDuplicatesNothing() {
        UUID id = create("");
        TestPipelines.CRASH_NEXT_FIRE.set(true);
        assertThatThrownBy(() -> firing.fire(id)).hasMessageContaining("crash injected");
        assertThat(runsOf(id)).isEmpty();
        assertThat(api.get("/api/v1/schedules/" + id).json().get("runCount").asInt()).isZero();
        firing.fire(id);
        firing.fire(id);
        assertThat(scheduledTimes(id)).containsExactly(T0);
    }

    @Test
    void replicasFiringTheSameScheduleAtOnceMakeOneRunPerTick() throws Exception {
        UUID id = create("");
        ExecutorService replicas = Executors.newFixedThreadPool(3);
        try {
            for (int tick = 0; tick < 10; tick++) {
                CyclicBarrier together = new CyclicBarrier(3);
                List<Future<?>> fires = new ArrayList<>();
                for (int replica = 0; replica < 3; replica++) {
                    fires.add(replicas.submit(() -> {
                        together.await();
                        return firing.fire(id);
                    }));
                }
                for (Future<?> fire : fires) {
                    fire.get();
                }
                clock.advance(Duration.ofMinutes(1));
            }
        } finally {
            replicas.shutdownNow();
        }
        List<Instant> times = scheduledTimes(id);
        assertThat(times).hasSize(10).doesNotHaveDuplicates();
        assertThat(times.get(9)).isEqualTo(T0.plusSeconds(540));
    }

    @Test
    void everyMalformedScheduleIsA400NamingTheFieldAndCreatesNothing() {
        long before = api.get("/api/v1/schedules?size=1").json().get("totalElements").asLong();
        String base = "\"displayName\": \"x\", \"pipelineName\": \"" + TestPipelines.PIPELINE + "\"";
        refused("{" + base + "}", "cron", "exactly one of cron and interval");
        refused("{" + base + ", \"cron\": \"0 2 * * *\", \"interval\": \"PT1H\"}", "interval", "exactly one");
        refused("{" + base + ", \"cron\": \"0 25 * * *\"}", "cron", "field 2 (hour)");
        refused("{" + base + ", \"interval\": \"PT10S\"}", "interval", "at least PT1M");
        refused("{" + base + ", \"interval\": \"six hours\"}", "interval", "ISO-8601");
        refused("{" + base + ", \"cron\": \"0 2 * * *\", \"timeZone\": \"Mars/Olympus\"}", "timeZone", "unknown");
        refused("{" + base + ", \"interval\": \"PT1H\", \"endTime\": \"2029-01-01T00:00:00Z\"}", "endTime", "future");
        refused("{" + base + ", \"interval\": \"PT1H\", \"maxConcurrency\": 11}", "maxConcurrency", "10");
        refused("{" + base + ", \"interval\": \"PT1H\", \"parameterValues\": {\"behaviour\": \"dance\"}}",
                "parameterValues.behaviour", "must be one of");
        refused("{\"pipelineName\": \"" + TestPipelines.PIPELINE + "\", \"interval\": \"PT1H\"}", "displayName", "");
        refused("{" + base + ", \"interval\": \"PT1H\", \"whenBusy\": \"PANIC\"}", "whenBusy", "");
        refused("{\"displayName\": \"x\", \"pipelineName\": \"nope\", \"interval\": \"PT1H\"}", "pipelineName", "");
        assertThat(api.get("/api/v1/schedules?size=1").json().get("totalElements").asLong()).isEqualTo(before);
    }

    private void refused(String body, String field, String message) {
        ApiClient.Response response = api.post("/api/v1/schedules", body);
        assertThat(response.status()).as(body + " → " + response.body()).isBetween(400, 404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).as(body).contains("\"field\":\"" + field + "\"").contains(message);
    }
}
