package com.pipelines.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EmitSpecs;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Specs past the bounds are 400s naming the bound — counted before anything walks them, never a stack overflow. */
@EngineTest
class SpecBoundsTest {

    @LocalServerPort
    int port;

    private ApiClient.Response upload(String spec) {
        return new ApiClient(port).post("/api/v1/pipelines?name=bounds-" + UUID.randomUUID().toString()
                .substring(0, 8), spec);
    }

    private static String dagComponent(String name, Map<String, String> tasks) {
        StringBuilder body = new StringBuilder();
        tasks.forEach((task, component) -> body.append(body.isEmpty() ? "" : ", ").append("\"").append(task)
                .append("\": {\"componentRef\": {\"name\": \"").append(component).append("\"}, \"taskInfo\": ")
                .append("{\"name\": \"").append(task).append("\"}}"));
        return "\"" + name + "\": {\"dag\": {\"tasks\": {" + body + "}}}";
    }

    @Test
    void aChainOfThousandsOfTasksIsRefusedByCount() {
        Map<String, String> chain = new LinkedHashMap<>();
        for (int i = 0; i < 5_000; i++) {
            chain.put("t" + i, i == 0 ? "" : "\"dependentTasks\": [\"t" + (i - 1) + "\"]");
        }
        ApiClient.Response response = upload(EmitSpecs.spec("chain", chain, "", ""));
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("more than 1000 tasks");
    }

    @Test
    void aComponentUsedTwiceAtEachOfManyLevelsIsCountedNotWalked() {
        StringBuilder components = new StringBuilder();
        for (int level = 0; level < 40; level++) {
            String inner = level == 0 ? "comp-emit" : "comp-level-" + (level - 1);
            components.append(components.isEmpty() ? "" : ",\n").append(dagComponent("comp-level-" + level,
                    Map.of("a", inner, "b", inner)));
        }
        ApiClient.Response response = upload(EmitSpecs.spec("doubling", Map.of("top",
                "\"componentRef\": {\"name\": \"comp-level-39\"}"), components.toString(), ""));
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("more than 1000 tasks");
    }

    @Test
    void subDagsNestedTooDeepAreRefused() {
        StringBuilder components = new StringBuilder();
        for (int level = 0; level < 80; level++) {
            String inner = level == 0 ? "comp-emit" : "comp-level-" + (level - 1);
            components.append(components.isEmpty() ? "" : ",\n").append(dagComponent("comp-level-" + level,
                    Map.of("x" + level, inner)));
        }
        ApiClient.Response response = upload(EmitSpecs.spec("deep", Map.of("top",
                "\"componentRef\": {\"name\": \"comp-level-79\"}"), components.toString(), ""));
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("levels are allowed");
    }

    @Test
    void aLoopOfTooManyIterationsTimesItsBodyIsRefusedAtUpload() {
        Map<String, String> body = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            body.put("b" + i, "comp-emit");
        }
        String loop = "\"comp-for-loop-1\": {\"dag\": {\"tasks\": {" + dagComponent("x", body)
                .replaceFirst("^\"x\": \\{\"dag\": \\{\"tasks\": \\{", "").replaceFirst("}}}$", "")
                + "}}, \"inputDefinitions\": {\"parameters\": {\"item\": {\"parameterType\": \"NUMBER_INTEGER\"}}}}";
        String items = java.util.stream.IntStream.range(0, 1000).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(","));
        ApiClient.Response response = upload(EmitSpecs.spec("loop", Map.of("for-loop-1",
                "\"componentRef\": {\"name\": \"comp-for-loop-1\"}, \"parameterIterator\": {\"itemInput\": \"item\", "
                        + "\"items\": {\"raw\": \"[" + items + "]\"}}"), loop, ""));
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("$.root.dag.tasks.for-loop-1.parameterIterator.items.raw")
                .contains("1000 iterations of 11 tasks = 11000 tasks");
    }
}
