package com.pipelines.runs;

import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.pipelines.PipelinesApplication;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.TestCloud;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/** FAIL_FAST with two workers, so that the failing task and its sibling really run at once (H2 only). */
@SpringBootTest(classes = PipelinesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pipelines.workers=2")
@Import({TestPipelines.class, TestCloud.class})
class FailFastTest {

    @LocalServerPort
    int port;

    @Test
    void failFastReallyStopsTheRunningSiblingAndFailsOnceItHasStopped() {
        ApiClient api = new ApiClient(port);
        String name = FailurePolicyTest.upload(api, FailurePolicyTest.branches(60_000), "");
        long started = System.nanoTime();
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\", \"failurePolicy\": \"FAIL_FAST\"}");
        JsonNode run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"),
                Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(run.get("state").asString()).isEqualTo("FAILED");
        assertThat(run.get("error").asString()).contains("Step bad failed");
        JsonNode slow = task(run, "slow");
        assertThat(slow.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(Instant.parse(slow.get("endTime").asString()))
                .isBeforeOrEqualTo(Instant.parse(run.get("endTime").asString()));
        assertThat(TestPipelines.executions(id, "slow")).isEqualTo(1);
        assertThat(TestPipelines.executions(id, "after-slow")).isZero();
        assertThat(run.get("stateHistory").toString()).contains("CANCELLING").contains("FAIL_FAST");
    }

}
