package com.pipelines.serving;

import java.util.Map;

import com.pipelines.deploy.LocalEndpoints;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An endpoint's traffic on this replica, for the dashboard's live charts (Prometheus has the same meters). */
@Tag(name = "Models and endpoints")
@RestController
class EndpointStatsController {

    private final LocalEndpoints endpoints;
    private final EndpointMeters meters;
    private final DriftMonitor drift;
    private final EndpointMonitoringRepository monitoring;
    private final DriftHistory history;
    private final PredictionLogExport export;

    EndpointStatsController(LocalEndpoints endpoints, EndpointMeters meters, DriftMonitor drift,
                            EndpointMonitoringRepository monitoring, DriftHistory history,
                            PredictionLogExport export) {
        this.export = export;
        this.history = history;
        this.endpoints = endpoints;
        this.meters = meters;
        this.drift = drift;
        this.monitoring = monitoring;
    }

    @io.swagger.v3.oas.annotations.media.Schema(description = "Model monitoring of an endpoint, as Vertex's: sampling, "
            + "window and drift thresholds (Jensen-Shannon distance for numbers, L-infinity for categories and "
            + "predicted classes)")
    record MonitoringRequest(@jakarta.validation.constraints.DecimalMin(value = "0", inclusive = false)
                             @jakarta.validation.constraints.DecimalMax("1") double samplingRate,
                             @jakarta.validation.constraints.Min(20) @jakarta.validation.constraints.Max(100_000)
                             int windowSize,
                             @jakarta.validation.constraints.NotNull @jakarta.validation.Valid Thresholds driftThresholds,
                             @io.swagger.v3.oas.annotations.media.Schema(description = "Also write the sampled "
                                     + "requests and responses as JSONL below this folder (file:, inside the "
                                     + "allowed roots) or bucket prefix (s3://, gs://); omitted: the database only")
                             @jakarta.validation.constraints.Size(max = 1000) String loggingDestination) {
    }

    record Thresholds(@jakarta.validation.constraints.DecimalMin("0") @jakarta.validation.constraints.DecimalMax("1")
                      double numeric,
                      @jakarta.validation.constraints.DecimalMin("0") @jakarta.validation.constraints.DecimalMax("1")
                      double categorical) {
    }

    record MonitoringView(boolean enabled, Double samplingRate, Integer windowSize, Thresholds driftThresholds,
                          String loggingDestination, Map<String, Object> deployedModels) {
    }

    @Operation(operationId = "setEndpointMonitoring", summary = "Turn on (or change) model monitoring of an endpoint")
    @ApiResponse(responseCode = "200", description = "The monitoring", useReturnTypeSchema = true)
    @org.springframework.web.bind.annotation.PutMapping("/api/v1/endpoints/{id}/monitoring")
    MonitoringView setMonitoring(@PathVariable String id,
                                 @jakarta.validation.Valid @org.springframework.web.bind.annotation.RequestBody
                                 MonitoringRequest request) {
        String endpoint = endpoints.endpoint(null, null, id).id();
        String destination = request.loggingDestination() == null ? null
                : export.checked(request.loggingDestination(), "loggingDestination");
        monitoring.saveAndFlush(new EndpointMonitoring(endpoint, request.samplingRate(), request.windowSize(),
                request.driftThresholds().numeric(), request.driftThresholds().categorical(), destination,
                java.time.Instant.now()));
        drift.forget(endpoint);
        return monitoring(id);
    }

    @Operation(operationId = "getEndpointMonitoring", summary = "Model monitoring of an endpoint and, per deployed "
            + "model, the sampled window's distances to its training statistics (this replica)")
    @ApiResponse(responseCode = "200", description = "The monitoring", useReturnTypeSchema = true)
    @GetMapping("/api/v1/endpoints/{id}/monitoring")
    MonitoringView monitoring(@PathVariable String id) {
        String endpoint = endpoints.endpoint(null, null, id).id();
        return drift.config(endpoint).map(c -> new MonitoringView(true, c.samplingRate(), c.windowSize(),
                        new Thresholds(c.numericThreshold(), c.categoricalThreshold()), c.logDestination(),
                        drift.report(endpoint)))
                .orElseGet(() -> new MonitoringView(false, null, null, null, null, Map.of()));
    }

    @Operation(operationId = "getEndpointDriftHistory", summary = "Each drift judgement of the endpoint's deployed "
            + "models (the last " + DriftHistory.POINTS + ", oldest first): the window's size, the distance per "
            + "feature, and the score — the largest distance over its threshold (above 1: drifting)")
    @ApiResponse(responseCode = "200", description = "Judgements per deployed model id", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No such endpoint")
    @GetMapping("/api/v1/endpoints/{id}/monitoring/history")
    Map<String, java.util.List<DriftHistory.Point>> driftHistory(@PathVariable String id) {
        return history.of(endpoints.endpoint(null, null, id).id());
    }

    @Operation(operationId = "deleteEndpointMonitoring", summary = "Turn model monitoring of an endpoint off")
    @ApiResponse(responseCode = "204", description = "Off")
    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/endpoints/{id}/monitoring")
    org.springframework.http.ResponseEntity<Void> stopMonitoring(@PathVariable String id) {
        String endpoint = endpoints.endpoint(null, null, id).id();
        monitoring.findById(endpoint).ifPresent(monitoring::delete);
        drift.forget(endpoint);
        return org.springframework.http.ResponseEntity.noContent().build();
    }

    @Operation(operationId = "getEndpointStats", summary = "Requests, instances, errors by kind and latency "
            + "percentiles per deployed model, and requests per second over the last two minutes (this replica)")
    @ApiResponse(responseCode = "200", description = "The statistics", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No such endpoint")
    @GetMapping("/api/v1/endpoints/{id}/stats")
    Map<String, Object> stats(@PathVariable String id) {
        return meters.stats(endpoints.endpoint(null, null, id).id());
    }
}
