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

    EndpointStatsController(LocalEndpoints endpoints, EndpointMeters meters) {
        this.endpoints = endpoints;
        this.meters = meters;
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
