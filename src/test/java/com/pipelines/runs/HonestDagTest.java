package com.pipelines.runs;

import static com.pipelines.testing.ApiClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

/** NOT_TRIGGERED means a condition said no; anything else that keeps a task from starting fails it, and the run. */
@EngineTest
class HonestDagTest {

    @LocalServerPort
    int port;

    private UUID run(ApiClient api, Map<String, String> tasks) {
        String name = "honest-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = api.post("/api/v1/pipelines?name=" + name, EmitSpecs.spec(name, tasks, "", ""));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return api.startRun("{\"pipelineName\": \"" + name + "\"}");
    }

    @Test
    void anOutputTheProducerNeverRecordedFailsTheConsumerNamingTheInput() {
        ApiClient api = new ApiClient(port);
        Map<String, String> tasks = new LinkedHashMap<>();
        tasks.put("producer", EmitSpecs.constants("silent", "x", 0));
        tasks.put("consumer", "\"inputs\": {\"parameters\": {\"text\": {\"taskOutputParameter\": "
                + "{\"producerTask\": \"producer\", \"outputParameterKey\": \"value\"}}}}");
        UUID id = run(api, tasks);

        JsonNode run = api.awaitState(id, "FAILED", Duration.ofSeconds(60));
        assertThat(task(run, "producer").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(task(run, "consumer").get("state").asString()).isEqualTo("FAILED");
        assertThat(run.get("error").asString()).contains("consumer").contains("input text")
                .contains("recorded no output parameter value");
        assertThat(TestPipelines.executions(id, "consumer")).isZero();
    }

    @Test
    void aConditionThatCannotBeEvaluatedFailsTheTaskOnceWithTheReason() {
        ApiClient api = new ApiClient(port);
        Map<String, String> tasks = new LinkedHashMap<>();
        tasks.put("upstream", EmitSpecs.constants("record", "1", 0));
        tasks.put("guarded", "\"dependentTasks\": [\"upstream\"], \"inputs\": {\"parameters\": {"
                + "\"pipelinechannel--upstream-value\": {\"taskOutputParameter\": {\"producerTask\": \"upstream\", "
                + "\"outputParameterKey\": \"value\"}}}}, \"triggerPolicy\": {\"condition\": "
                + "\"int(null) == 1 || inputs.parameter_values['pipelinechannel--upstream-value'] == '1'\"}");
        UUID id = run(api, tasks);

        JsonNode run = api.awaitState(id, "FAILED", Duration.ofSeconds(60));
        assertThat(run.get("error").asString()).contains("guarded").contains("int(null)");
        assertThat(task(run, "upstream").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(task(run, "upstream").get("attempt").asInt()).isEqualTo(1);
        assertThat(TestPipelines.executions(id, "upstream")).isEqualTo(1);
        assertThat(TestPipelines.executions(id, "guarded")).isZero();
    }
}
