package com.pipelines.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Idempotency-Key on the create requests other than runs: one resource per key, the answer replayed. */
@EngineTest
class IdempotentCreatesTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private ApiClient.Response post(ApiClient api, String path, String body, String key) {
        return api.send("POST", path, body, "Content-Type", "application/json", "Idempotency-Key", key);
    }

    @Test
    void aRetriedCreateAnswersTheSameAndCreatesOnce() {
        ApiClient api = new ApiClient(port);
        String name = "idem-" + UUID.randomUUID().toString().substring(0, 8);
        String key = UUID.randomUUID().toString();
        String body = "{\"name\": \"" + name + "\"}";
        ApiClient.Response first = post(api, "/api/v1/experiments", body, key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
        ApiClient.Response again = post(api, "/api/v1/experiments", body, key);
        assertThat(again.status()).as("not 409 'name taken': the first answer again").isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(jdbc.queryForObject("select count(*) from experiment where name = ?", Integer.class, name))
                .isEqualTo(1);

        ApiClient.Response other = post(api, "/api/v1/experiments", "{\"name\": \"" + name + "-2\"}", key);
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).isEqualTo("application/problem+json");
        assertThat(post(api, "/api/v1/webhooks", body, key).status()).as("a key is bound to its path").isEqualTo(422);

        String schedule = "{\"displayName\": \"" + name + "\", \"pipelineName\": \"" + TestPipelines.PIPELINE
                + "\", \"interval\": \"PT1H\"}";
        String scheduleKey = UUID.randomUUID().toString();
        String id = post(api, "/api/v1/schedules", schedule, scheduleKey).json().get("id").asString();
        assertThat(post(api, "/api/v1/schedules", schedule, scheduleKey).json().get("id").asString()).isEqualTo(id);
        assertThat(jdbc.queryForObject("select count(*) from schedule where display_name = ?", Integer.class, name))
                .isEqualTo(1);

        String refusedKey = UUID.randomUUID().toString();
        assertThat(post(api, "/api/v1/experiments", "{\"name\": \"\"}", refusedKey).status()).isEqualTo(400);
        assertThat(post(api, "/api/v1/experiments", "{\"name\": \"\"}", refusedKey).header("Idempotent-Replayed"))
                .as("a 4xx is an answer too").isEqualTo("true");
        assertThat(post(api, "/api/v1/experiments", body, "bad key with spaces").status()).isEqualTo(400);
    }
}
