package com.pipelines.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EmitSpecs;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A fire that cannot make its run (its job id taken, its parameters no longer valid, its version deleted) is recorded
 * as a FAILED fire with the reason, and the schedule moves on to its next time.
 */
@EngineTest
class ScheduleFireFailuresTest {

    private static final Instant T0 = Instant.parse("2031-03-03T00:00:00Z");

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

    private String pipeline(String rootInputs) {
        String name = "fires-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/pipelines?name=" + name, EmitSpecs.spec(name, Map.of("t", ""), "", rootInputs))
                .status()).isEqualTo(201);
        return name;
    }

    private UUID schedule(String pipeline, String extra) {
        ApiClient.Response created = api.post("/api/v1/schedules", "{\"displayName\": \"fires\", \"pipelineName\": \""
                + pipeline + "\", \"interval\": \"PT1M\", \"maxConcurrency\": 10" + extra + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

    private JsonNode fireAndShow(UUID schedule) {
        firing.fire(schedule);
        return api.get("/api/v1/schedules/" + schedule).json();
    }

    private static void failedFire(JsonNode schedule, String reason) {
        JsonNode fire = schedule.get("latestFires").get(0);
        assertThat(fire.get("outcome").asString()).isEqualTo("FAILED");
        assertThat(fire.get("runId").isNull()).isTrue();
        assertThat(fire.get("reason").asString()).contains(reason);
        assertThat(schedule.get("state").asString()).isEqualTo("ACTIVE");
        assertThat(Instant.parse(schedule.get("nextFireTimes").get(0).asString().replace("Z", "Z")))
                .as("the schedule moved on").isAfter(Instant.parse(fire.get("scheduledTime").asString()));
    }

    @Test
    void aTakenJobIdFailsTheFireAndTheNextTimeStillFires() {
        String pipeline = pipeline("");
        UUID id = schedule(pipeline, "");
        String jobId = pipeline + "-" + id + "-20310303000000";
        api.startRun("{\"pipelineName\": \"" + pipeline + "\", \"jobId\": \"" + jobId + "\"}");
        failedFire(fireAndShow(id), jobId);
        clock.advance(Duration.ofMinutes(1));
        JsonNode next = fireAndShow(id);
        assertThat(next.get("latestFires").get(0).get("outcome").asString()).isEqualTo("CREATED");
    }

    @Test
    void parametersTheLatestVersionNoLongerAcceptsFailTheFire() {
        String pipeline = pipeline("");
        UUID id = schedule(pipeline, "");
        assertThat(api.post("/api/v1/pipelines/" + pipeline + "/versions", EmitSpecs.spec(pipeline, Map.of("t", ""),
                "", "\"inputDefinitions\": {\"parameters\": {\"needed\": {\"parameterType\": \"STRING\"}}}")).status())
                .isEqualTo(201);
        failedFire(fireAndShow(id), "needed");
    }

    @Test
    void aDeletedVersionFailsTheFire() {
        String pipeline = pipeline("");
        assertThat(api.post("/api/v1/pipelines/" + pipeline + "/versions", EmitSpecs.spec(pipeline, Map.of("t", ""),
                "", "")).status()).isEqualTo(201);
        UUID id = schedule(pipeline, ", \"pipelineVersion\": 1");
        assertThat(api.send("DELETE", "/api/v1/pipelines/" + pipeline + "/versions/1", null).status())
                .isEqualTo(204);
        failedFire(fireAndShow(id), "version 1");
    }
}
