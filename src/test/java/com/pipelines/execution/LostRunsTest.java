package com.pipelines.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.TaskRepository;
import com.github.kagkarlsson.scheduler.event.SchedulerListeners;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Every run ends or says why it waits: runs whose execution is lost, given up on, or cannot start. */
@EngineTest
class LostRunsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    OneTimeTask<StepJob> stepTask;

    ApiClient api;
    UUID busy;

    /** The only worker is held by a slow run, so the runs below stay QUEUED with their execution waiting. */
    @BeforeEach
    void occupyTheWorker() {
        api = new ApiClient(port);
        busy = api.startRun("""
                {"pipelineName": "test-pipeline", "parameterValues": {"behaviour": "slow", "slowMillis": 60000}}""");
        api.awaitState(busy, "RUNNING", Duration.ofSeconds(30));
    }

    @AfterEach
    void release() {
        api.post("/api/v1/runs/" + busy + ":cancel", "");
        api.awaitState(busy, "CANCELLED", Duration.ofSeconds(30));
    }

    @Test
    void aRunWhoseExecutionIsDeletedBehindTheEnginesBackEndsFailedSayingWhatToDo() {
        UUID run = api.startRun("{\"pipelineName\": \"test-pipeline\"}");
        assertThat(api.run(run).get("state").asString()).isEqualTo("QUEUED");
        assertThat(jdbc.update("delete from scheduled_tasks where task_instance like ?", run + ".%")).isEqualTo(1);
        Instant deleted = Instant.now();

        JsonNode failed = api.awaitState(run, "FAILED", Duration.ofSeconds(20));
        Duration took = Duration.between(deleted, Instant.now());
        System.out.printf("reconciler: orphan failed %d ms after its execution was deleted "
                + "(orphan-after 3 s, reconcile-every 1 s)%n", took.toMillis());
        assertThat(failed.get("error").asString()).contains("lost its execution")
                .contains("POST /api/v1/runs/" + run + ":retry");
        assertThat(ApiClient.task(failed, "produce").get("state").asString()).isEqualTo("CANCELLED");
        assertThat(api.run(busy).get("state").asString()).as("a run with its execution is left alone")
                .isEqualTo("RUNNING");
        JsonNode listed = null;
        for (JsonNode summary : api.get("/api/v1/runs?state=RUNNING&size=100").json().get("runs")) {
            listed = summary.get("id").asString().equals(busy.toString()) ? summary : listed;
        }
        assertThat(listed).as("the list shows the running task's progress").isNotNull();
        assertThat(listed.get("runningTask").get("name").asString()).isEqualTo("produce");
        assertThat(listed.get("runningTask").get("progress").get("message").asString()).startsWith("working");
    }

    @Test
    void whenTheEngineGivesUpOnAnExecutionItsRunEndsFailedWithTheReason() {
        UUID run = api.startRun("{\"pipelineName\": \"test-pipeline\"}");
        StepJob job = new StepJob(run, "produce", 1);
        Execution execution = new Execution(Instant.now(), stepTask.instance(job.instanceId(), job), true,
                "replica-1", null, Instant.now(), 10, Instant.now(), 1);
        TaskRepository repository = mock(TaskRepository.class);
        stepTask.getFailureHandler().onFailure(ExecutionComplete.failure(execution, Instant.now(), Instant.now(),
                new SQLTransientConnectionException("Connection is not available, request timed out after 30000ms")),
                new ExecutionOperations<>(repository, SchedulerListeners.NOOP, execution));

        JsonNode failed = api.run(run);
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("error").asString()).contains("Step produce could not be executed")
                .contains("gave up after 11 failed tries")
                .contains("SQLTransientConnectionException: Connection is not available")
                .contains(":retry");
        assertThat(ApiClient.task(failed, "produce").get("state").asString()).isEqualTo("FAILED");
    }

    @Test
    void aVertexRunOnAServerWithoutCredentialsFailsAtOnceSayingWhatToProvide() {
        UUID run = api.startRun("""
                {"executor": "vertex-pipelines", "pipelineRoot": "gs://ml-bucket/pipeline_root",
                 "parameterValues": {"deployTarget": "vertex", "project": "ml-project",
                 "region": "%s"}}""".formatted(TestCloud.REGION_WITHOUT_CREDENTIALS));
        JsonNode failed = api.awaitState(run, "FAILED", Duration.ofSeconds(20));
        assertThat(failed.get("error").asString()).contains("Cannot create the Vertex AI client")
                .contains("Application Default Credentials");
        assertThat(api.run(busy).get("state").asString()).isEqualTo("RUNNING");
    }
}
