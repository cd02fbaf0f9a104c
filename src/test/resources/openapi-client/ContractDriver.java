package com.pipelines.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.pipelines.client.api.PipelinesApi;
import com.pipelines.client.api.RunsApi;
import com.pipelines.client.model.CreateRunCommand;
import com.pipelines.client.model.MetricPoint;
import com.pipelines.client.model.MetricsView;
import com.pipelines.client.model.PipelineView;
import com.pipelines.client.model.RunPage;
import com.pipelines.client.model.RunSummary;
import com.pipelines.client.model.RunView;

/**
 * Compiled by OpenApiContractTest together with the client openapi-generator made from the served document: what a
 * user of the generated client writes. Answers what it saw, as plain values, for the test to check.
 */
public final class ContractDriver implements Function<String, Map<String, Object>> {

    @Override
    public Map<String, Object> apply(String baseUri) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUri);
        RunsApi runs = new RunsApi(client);
        Map<String, Object> seen = new LinkedHashMap<>();
        try {
            PipelineView pipeline = new PipelinesApi(client).getPipeline("test-pipeline");
            seen.put("pipelineSteps", pipeline.getSteps().size());

            RunView created = runs.createRun(new CreateRunCommand().pipelineName("test-pipeline")
                    .displayName("generated client").putParameterValuesItem("behaviour", "ok"), null);
            UUID id = created.getId();
            seen.put("createdState", created.getState().getValue());
            RunView run = created;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (run.getState() != RunView.StateEnum.SUCCEEDED && System.nanoTime() < deadline) {
                Thread.sleep(50);
                run = runs.getRun(id);
            }
            seen.put("id", id);
            seen.put("state", run.getState().getValue());

            RunPage page = runs.listRuns(null, "test-pipeline", "generated client", null, null, null, null, null, null, 0, 100);
            List<UUID> listed = page.getRuns().stream().map(RunSummary::getId).toList();
            seen.put("listed", listed);
            seen.put("totalElements", page.getTotalElements());

            MetricsView metrics = runs.listRunMetrics(id);
            Map<String, Object> finals = new LinkedHashMap<>();
            for (MetricPoint point : metrics.getMetrics()) {
                if (point.getValue() != null) {
                    finals.put(point.getKey(), point.getValue());
                }
            }
            seen.put("metrics", finals);
            seen.put("accHistory", metrics.getHistory().get("acc").size());
            try {
                runs.getRun(UUID.randomUUID());
                seen.put("unknownRun", "found");
            } catch (ApiException expected) {
                seen.put("unknownRun", expected.getCode());
                seen.put("unknownRunBody", expected.getResponseBody());
            }
        } catch (ApiException e) {
            throw new IllegalStateException("HTTP " + e.getCode() + ": " + e.getResponseBody(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return seen;
    }
}
