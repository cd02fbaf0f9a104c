package com.pipelines.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.pipelines.PipelinesApplication;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.DatabaseTest;
import com.pipelines.testing.PostgresTestDatabase;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Stops the whole application and starts it again on the same database (an H2 file, or a PostgreSQL database of
 * its own): finished runs keep their history, metrics and artifacts; runs that were queued or running finish.
 */
@DatabaseTest
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void historySurvivesARestartAndUnfinishedRunsComplete() {
        String url = PostgresTestDatabase.enabled()
                ? PostgresTestDatabase.createDatabase()
                : "jdbc:h2:file:" + dataDir.resolve("db/pipelines");
        UUID finished;
        UUID interrupted;
        UUID queued;
        JsonNode before;
        try (ConfigurableApplicationContext app = start(url)) {
            ApiClient api = client(app);
            finished = api.startRun("{\"pipelineName\": \"test-pipeline\", \"displayName\": \"before restart\"}");
            before = api.awaitState(finished, "SUCCEEDED", Duration.ofSeconds(30));
            interrupted = api.startRun("""
                    {"pipelineName": "test-pipeline", "parameterValues": {"behaviour": "slow", "slowMillis": 1500}}""");
            api.awaitRun(interrupted, run -> run.get("state").asString().equals("RUNNING"), Duration.ofSeconds(30));
            queued = api.startRun("{\"pipelineName\": \"test-pipeline\"}");
        }

        try (ConfigurableApplicationContext app = start(url)) {
            ApiClient api = client(app);
            JsonNode after = api.run(finished);
            assertThat(after.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(after.get("metrics")).isEqualTo(before.get("metrics"));
            assertThat(after.get("artifacts")).isEqualTo(before.get("artifacts"));
            assertThat(after.get("stateHistory")).isEqualTo(before.get("stateHistory"));
            assertThat(api.get("/api/v1/runs/" + finished + "/metrics").json().get("history").get("acc")).hasSize(3);
            String uri = after.get("artifacts").get(0).get("uri").asString();
            assertThat(Files.exists(Path.of(java.net.URI.create(uri)).resolve("saved_model.pb"))).isTrue();

            api.awaitState(interrupted, "SUCCEEDED", Duration.ofSeconds(60));
            api.awaitState(queued, "SUCCEEDED", Duration.ofSeconds(60));
            assertThat(TestPipelines.executions(queued, "produce")).isEqualTo(1);
            assertThat(TestPipelines.executions(queued, "consume")).isEqualTo(1);
        }
    }

    private ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(PipelinesApplication.class, TestPipelines.class)
                .run("--server.port=0", "--spring.datasource.url=" + url, "--pipelines.data-dir=" + dataDir,
                        "--db-scheduler.heartbeat-interval=1s", "--db-scheduler.missed-heartbeats-limit=4");
    }

    private static ApiClient client(ConfigurableApplicationContext app) {
        return new ApiClient(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    }
}
