package com.pipelines.runs;

import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EmitSpecs;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Vertex AI's failure policies: FAIL_SLOW finishes the independent branches ({@link FailFastTest}: FAIL_FAST really
 * stops them); a retry waits for steps still executing.
 */
@EngineTest
class FailurePolicyTest {

    @LocalServerPort
    int port;

    static final String NO_RETRY = ", \"retryPolicy\": {\"maxRetryCount\": 0}";

    static String after(String producer) {
        return "\"dependentTasks\": [\"" + producer + "\"], " + EmitSpecs.constants("record", "x", 0);
    }

    static String upload(ApiClient api, Map<String, String> tasks, String platform) {
        String name = "policy-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = api.send("POST", "/api/v1/pipelines?name=" + name,
                EmitSpecs.spec(name, tasks, "", "") + platform, "Content-Type", "application/yaml");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return name;
    }

    static Map<String, String> branches(long slowMillis) {
        Map<String, String> tasks = new LinkedHashMap<>();
        tasks.put("bad", EmitSpecs.constants("fail", "x", 300) + NO_RETRY);
        tasks.put("after-bad", after("bad"));
        tasks.put("slow", EmitSpecs.constants("record", "x", slowMillis));
        tasks.put("after-slow", after("slow"));
        return tasks;
    }

    @Test
    void failSlowLetsTheIndependentBranchFinishThenFailsTheRun() {
        ApiClient api = new ApiClient(port);
        String name = upload(api, branches(1_500), "");
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\"}");
        JsonNode run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"),
                Duration.ofSeconds(60));
        assertThat(run.get("state").asString()).isEqualTo("FAILED");
        assertThat(run.get("failurePolicy").asString()).isEqualTo("FAIL_SLOW");
        assertThat(run.get("error").asString()).contains("Step bad failed").contains("emit failed");
        assertThat(task(run, "slow").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(task(run, "after-slow").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(task(run, "after-bad").get("state").asString()).isEqualTo("CANCELLED");
        assertThat(TestPipelines.executions(id, "after-bad")).isZero();
    }

    @Test
    void retryIsRefusedWhileAnAbandonedStepStillExecutes() throws InterruptedException {
        ApiClient api = new ApiClient(port);
        Map<String, String> tasks = Map.of("stuck", EmitSpecs.constants("stuck", "x", 9_000) + NO_RETRY);
        String name = upload(api, tasks, "\n---\nplatforms:\n  kubernetes:\n    deploymentSpec:\n      executors:\n"
                + "        exec-emit:\n          activeDeadlineSeconds: '1'\n");
        long started = System.nanoTime();
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\"}");
        JsonNode run = api.awaitState(id, "FAILED", Duration.ofSeconds(30));
        assertThat(run.get("error").asString()).contains("Timed out after PT1S").contains("did not stop");

        ApiClient.Response early = api.post("/api/v1/runs/" + id + ":retry", "");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("still stuck when retried")
                .isLessThan(Duration.ofMillis(8_500));
        assertThat(early.status()).as(early.body()).isEqualTo(409);
        assertThat(early.body()).contains("stuck").contains("still executing");

        for (int i = 0; i < 100 && api.post("/api/v1/runs/" + id + ":retry", "").status() == 409; i++) {
            Thread.sleep(200);
        }
        assertThat(api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(30)).get("state").asString())
                .isEqualTo("SUCCEEDED");
    }
}
