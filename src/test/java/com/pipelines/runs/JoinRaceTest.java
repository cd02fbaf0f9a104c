package com.pipelines.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.pipelines.pipeline.ArtifactSpec;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two branches of a DAG ending at the same instant: the join is queued exactly once, never twice and never lost.
 * The only worker is held by a gated run, so the branches' attempts are started by the test itself and completed
 * from two threads released together; then the worker is freed and every run must finish with one join execution.
 */
@EngineTest
class JoinRaceTest {

    private static final int RUNS = 12;
    private static final String SPEC = """
            {"pipelineInfo": {"name": "join-race"}, "schemaVersion": "2.1.0", "sdkVersion": "kfp-2.7.0",
             "components": {
               "comp-produce": {"executorLabel": "exec-produce", "outputDefinitions": {"artifacts": {
                 "output_model": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}}}}},
               "comp-consume": {"executorLabel": "exec-consume", "inputDefinitions": {"artifacts": {
                 "output_model": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}}}}}},
             "deploymentSpec": {"executors": {
               "exec-produce": {"container": {"image": "svc", "command": ["java", "-jar", "/opt/pipelines/app.jar"],
                                              "args": ["produce"]}},
               "exec-consume": {"container": {"image": "svc", "command": ["java", "-jar", "/opt/pipelines/app.jar"],
                                              "args": ["consume"]}}}},
             "root": {"dag": {"tasks": {
               "left": {"componentRef": {"name": "comp-produce"}, "taskInfo": {"name": "left"}},
               "right": {"componentRef": {"name": "comp-produce"}, "taskInfo": {"name": "right"}},
               "join": {"componentRef": {"name": "comp-consume"}, "dependentTasks": ["left", "right"],
                        "inputs": {"artifacts": {"output_model": {"taskOutputArtifact": {
                          "producerTask": "left", "outputArtifactKey": "output_model"}}}},
                        "taskInfo": {"name": "join"}}}}}}
            """;

    @LocalServerPort
    int port;
    @Autowired
    RunTransitions transitions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RunRecorder recorder;

    @Test
    void branchesEndingTogetherQueueTheJoinExactlyOnce() throws Exception {
        ApiClient api = new ApiClient(port);
        String name = "join-race-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/pipelines?name=" + name, SPEC).status()).isEqualTo(201);
        UUID blocker = api.startRun("{\"pipelineName\": \"" + TestPipelines.PIPELINE + "\", "
                + "\"parameterValues\": {\"behaviour\": \"gated\"}}");
        api.awaitRun(blocker, run -> ApiClient.task(run, "produce").get("state").asString().equals("RUNNING"),
                Duration.ofSeconds(30));
        List<UUID> runs = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < RUNS; i++) {
                UUID id = api.startRun("{\"pipelineName\": \"" + name + "\"}");
                runs.add(id);
                assertThat(transitions.startTask(id, "left", 1)).isPresent();
                assertThat(transitions.startTask(id, "right", 1)).isPresent();
                Path model = Files.createDirectories(Files.createTempDirectory("join-race").resolve("output_model"));
                Files.writeString(model.resolve("saved_model.pb"), "left of " + id);
                recorder.artifact(id, "left", 1, "output_model", ArtifactSpec.MODEL, model.toUri().toString(),
                        Map.of());
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Boolean> left = threads.submit(() -> {
                    together.await();
                    return transitions.completeTask(id, "left", 1, () -> { });
                });
                Future<Boolean> right = threads.submit(() -> {
                    together.await();
                    return transitions.completeTask(id, "right", 1, () -> { });
                });
                assertThat(left.get()).isTrue();
                assertThat(right.get()).isTrue();
                assertThat(joinExecutions(id)).as("join executions of run %s", id).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
            TestPipelines.gate(blocker, 1, "write").countDown();
            TestPipelines.gate(blocker, 1, "finish").countDown();
        }
        for (UUID id : runs) {
            var run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                    Duration.ofSeconds(60));
            assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
            assertThat(TestPipelines.executions(id, "join")).isEqualTo(1);
        }
    }

    private long joinExecutions(UUID runId) {
        return jdbc.sql("select count(*) from scheduled_tasks where task_instance like ?")
                .param(runId + ".join.%").query(Long.class).single();
    }
}
