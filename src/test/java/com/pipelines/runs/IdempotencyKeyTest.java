package com.pipelines.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Idempotency-Key on run submission: replay, a different body, real concurrent duplicates, malformed keys. */
@EngineTest
class IdempotencyKeyTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    private ApiClient.Response submit(String key, String displayName) {
        return api.send("POST", "/api/v1/runs", "{\"pipelineName\": \"test-pipeline\", \"displayName\": \""
                + displayName + "\"}", "Content-Type", "application/json", "Idempotency-Key", key);
    }

    private int runsNamed(String displayName) {
        return jdbc.queryForObject("select count(*) from pipeline_run where display_name = ?", Integer.class,
                displayName);
    }

    @Test
    void theSameKeyAndBodyReplayTheOriginalResponseAndCreateNothing() {
        String key = UUID.randomUUID().toString();
        String name = "idem-" + key;
        ApiClient.Response first = submit(key, name);
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
        String id = first.json().get("id").asString();
        api.awaitState(UUID.fromString(id), "SUCCEEDED", Duration.ofSeconds(30));

        ApiClient.Response again = submit(key, name);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().get("id").asString()).isEqualTo(id);
        assertThat(again.json().get("state").asString()).isEqualTo(first.json().get("state").asString());
        assertThat(again.header("Location")).isEqualTo("/api/v1/runs/" + id);
        assertThat(runsNamed(name)).isEqualTo(1);

        ApiClient.Response other = submit(key, name + "-other");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).isEqualTo("application/problem+json");
        assertThat(other.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(runsNamed(name + "-other")).isZero();
    }

    @Test
    void concurrentDuplicatesCreateOneRun() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = "idem-race-" + key;
        int clients = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<ApiClient.Response>> answers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return submit(key, name);
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Future<ApiClient.Response> answer : answers) {
            ApiClient.Response response = answer.get();
            statuses.add(response.status());
            if (response.status() == 202) {
                ids.add(response.json().get("id").asString());
            }
        }
        pool.shutdown();
        assertThat(statuses).allMatch(status -> status == 202 || status == 409).contains(202);
        assertThat(ids).containsOnly(ids.get(0));
        assertThat(runsNamed(name)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks where task_instance like ?",
                Integer.class, ids.get(0) + "%")).isLessThanOrEqualTo(2);
    }

    @Test
    void aRefusedRequestReleasesItsKeyAndBadKeysAre400() {
        String key = UUID.randomUUID().toString();
        ApiClient.Response refused = api.send("POST", "/api/v1/runs", "{\"pipelineName\": \"test-pipeline\", "
                + "\"parameterValues\": {\"behaviour\": \"explode\"}}", "Content-Type", "application/json",
                "Idempotency-Key", key);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(submit(key, "idem-after-refusal-" + key).status()).isEqualTo(202);

        ApiClient.Response tooLong = submit("k".repeat(256), "idem-long");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(submit("has space", "idem-space").status()).isEqualTo(400);
        assertThat(runsNamed("idem-long") + runsNamed("idem-space")).isZero();
    }
}
