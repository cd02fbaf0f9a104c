package com.pipelines.execution;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.pipelines.PipelinesProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * This replica's step workers. Pausing drains the replica: the steps it runs finish, it takes no new ones and the
 * other replicas take them (a Kubernetes preStop hook before a rolling update, or moving work off a host). Control
 * work (schedules, webhooks, Vertex polls) goes on.
 */
@Tag(name = "Workers", description = "This replica's step workers: drain it before stopping it")
@RestController
class StepWorkersController {

    private final ObjectProvider<Scheduler> scheduler;
    private final int workers;
    private final String replica;

    StepWorkersController(ObjectProvider<Scheduler> scheduler, PipelinesProperties properties,
                          @Value("${db-scheduler.scheduler-name:}") String replica) {
        this.scheduler = scheduler;
        this.workers = properties.workers();
        this.replica = replica;
    }

    @Schema(description = "paused: takes no new steps; running: steps it is running now")
    record WorkersView(String replica, int workers, boolean paused, int running) {
    }

    @Operation(operationId = "getWorkers", summary = "This replica's step workers: how many, paused, running")
    @ApiResponse(responseCode = "200", description = "The workers", useReturnTypeSchema = true)
    @GetMapping(path = "/api/v1/workers", produces = MediaType.APPLICATION_JSON_VALUE)
    WorkersView get() {
        Scheduler steps = scheduler.getObject();
        return new WorkersView(replica.isBlank() ? null : replica, workers, steps.getSchedulerState().isPaused(),
                steps.getCurrentlyExecuting().size());
    }

    @Operation(operationId = "pauseWorkers", summary = "Drain this replica: running steps finish, no new ones start")
    @ApiResponse(responseCode = "200", description = "Paused", useReturnTypeSchema = true)
    @PostMapping(path = "/api/v1/workers:pause", produces = MediaType.APPLICATION_JSON_VALUE)
    WorkersView pause() {
        scheduler.getObject().pause();
        return get();
    }

    @Operation(operationId = "resumeWorkers", summary = "Take steps again")
    @ApiResponse(responseCode = "200", description = "Resumed", useReturnTypeSchema = true)
    @PostMapping(path = "/api/v1/workers:resume", produces = MediaType.APPLICATION_JSON_VALUE)
    WorkersView resume() {
        scheduler.getObject().resume();
        return get();
    }
}
