package com.pipelines.runs;

import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EmitSpecs;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A task's retryPolicy is honoured exactly, its cache key as kfp gives it, and a step past its time limit stops. */
@EngineTest
class StepLimitsTest {

    @LocalServerPort
    int port;

    private String upload(ApiClient api, String body, String contentType) {
        String name = "limits-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = api.send("POST", "/api/v1/pipelines?name=" + name, body, "Content-Type",
                contentType);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return name;
    }

    private static String retrying(String policy) {
        return EmitSpecs.constants("throw", "x", 0) + ", \"retryPolicy\": " + policy;
    }

    @Test
    void maxRetryCountZeroMeansOneAttempt() {
        ApiClient api = new ApiClient(port);
        String name = upload(api, EmitSpecs.spec("limits", Map.of("once", retrying("{\"maxRetryCount\": 0}")), "", ""),
                "application/json");
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\"}");
        JsonNode run = api.awaitState(id, "FAILED", Duration.ofSeconds(60));
        assertThat(run.get("error").asString()).contains("failed after 1 attempt").contains("emit threw on attempt 1");
        assertThat(TestPipelines.executions(id, "once")).isEqualTo(1);
    }

    @Test
    void backoffDurationAndFactorSpaceTheAttempts() {
        ApiClient api = new ApiClient(port);
        String policy = "{\"maxRetryCount\": 2, \"backoffDuration\": \"1s\", \"backoffFactor\": 2, "
                + "\"backoffMaxDuration\": \"1.5s\"}";
        String name = upload(api, EmitSpecs.spec("limits", Map.of("flaky", retrying(policy)), "", ""),
                "application/json");
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\"}");
        JsonNode run = api.awaitState(id, "FAILED", Duration.ofSeconds(60));
        assertThat(run.get("error").asString()).contains("failed after 3 attempts");
        List<Long> starts = TestPipelines.STARTS.get(id + "/flaky");
        assertThat(starts).hasSize(3);
        long first = (starts.get(1) - starts.get(0)) / 1_000_000;
        long second = (starts.get(2) - starts.get(1)) / 1_000_000;
        assertThat(first).as("1s, then 2s capped at 1.5s").isBetween(1_000L, 1_450L);
        assertThat(second).isBetween(1_500L, 2_500L);
    }

    @Test
    void invalidRetryPoliciesAreRefusedWithTheirPaths() {
        ApiClient api = new ApiClient(port);
        ApiClient.Response refused = api.post("/api/v1/pipelines?name=limits-bad", EmitSpecs.spec("limits",
                Map.of("t", retrying("{\"maxRetryCount\": 2, \"backoffDuration\": \"soon\", \"backoffFactor\": 0}")),
                "", ""));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("$.root.dag.tasks.t.retryPolicy.backoffDuration")
                .contains("$.root.dag.tasks.t.retryPolicy.backoffFactor");
    }

    @Test
    void theSpecsOwnCacheKeyDecidesCacheHits() {
        ApiClient api = new ApiClient(port);
        String keyed = ", \"cachingOptions\": {\"enableCache\": true, \"cacheKey\": \"my-key\"}";
        String name = upload(api, EmitSpecs.spec("limits", Map.of("keyed", "\"inputs\": {\"parameters\": {\"text\": "
                + "{\"componentInputParameter\": \"text\"}}}" + keyed), "",
                "\"inputDefinitions\": {\"parameters\": {\"text\": {\"parameterType\": \"STRING\"}}}"),
                "application/json");
        UUID first = api.startRun("{\"pipelineName\": \"" + name + "\", \"parameterValues\": {\"text\": \"a\"}}");
        api.awaitState(first, "SUCCEEDED", Duration.ofSeconds(60));
        UUID second = api.startRun("{\"pipelineName\": \"" + name + "\", \"parameterValues\": {\"text\": \"b\"}}");
        JsonNode run = api.awaitState(second, "SUCCEEDED", Duration.ofSeconds(60));
        assertThat(task(run, "keyed").get("state").asString()).as("same cacheKey, other inputs: a hit, as in kfp")
                .isEqualTo("SKIPPED");
        assertThat(TestPipelines.executions(second, "keyed")).isZero();
    }

    @Test
    void aStepPastTheTimeLimitOfItsPlatformSpecIsStoppedAndFails() {
        ApiClient api = new ApiClient(port);
        String spec = EmitSpecs.spec("limits", Map.of(
                "hung", EmitSpecs.constants("hang", "x", 60_000) + ", \"retryPolicy\": {\"maxRetryCount\": 0}"), "", "");
        String yaml = spec + "\n---\nplatforms:\n  kubernetes:\n    deploymentSpec:\n      executors:\n"
                + "        exec-emit:\n          activeDeadlineSeconds: '1'\n          secretAsEnv:\n"
                + "          - secretName: s\n            keyToEnv: [{secretKey: k, envVar: V}]\n";
        String name = upload(api, yaml, "application/yaml");
        JsonNode version = api.get("/api/v1/pipelines/" + name + "/versions/1").json();
        assertThat(version.get("runnableInProcess").asBoolean()).isTrue();
        assertThat(version.get("notAppliedInProcess").toString()).contains("kubernetes.secretAsEnv");

        long started = System.nanoTime();
        UUID id = api.startRun("{\"pipelineName\": \"" + name + "\"}");
        JsonNode run = api.awaitState(id, "FAILED", Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(task(run, "hung").get("state").asString()).isEqualTo("FAILED");
        assertThat(run.get("error").asString()).contains("Timed out after PT1S");
        assertThat(TestPipelines.executions(id, "hung")).isEqualTo(1);
    }

    @Test
    void yamlAliasesAndStrayDocumentsAreRefused() {
        ApiClient api = new ApiClient(port);
        String spec = EmitSpecs.spec("limits", Map.of("t", ""), "", "");
        ApiClient.Response alias = api.send("POST", "/api/v1/pipelines?name=limits-alias",
                spec.replace("\"schemaVersion\": \"2.1.0\"", "\"schemaVersion\": &v \"2.1.0\", \"sdkVersion\": *v"),
                "Content-Type", "application/yaml");
        assertThat(alias.status()).as(alias.body()).isEqualTo(400);
        assertThat(alias.body()).contains("YAML alias");
        ApiClient.Response stray = api.send("POST", "/api/v1/pipelines?name=limits-stray", spec + "\n---\nfoo: 1\n",
                "Content-Type", "application/yaml");
        assertThat(stray.status()).as(stray.body()).isEqualTo(400);
        assertThat(stray.body()).contains("platform document");
    }
}
