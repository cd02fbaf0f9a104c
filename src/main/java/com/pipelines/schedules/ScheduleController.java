package com.pipelines.schedules;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Schedules", description = "Recurring runs: a pipeline run on a cron or an interval")
@RestController
@RequestMapping(value = "/api/v1/schedules", produces = MediaType.APPLICATION_JSON_VALUE)
class ScheduleController {

    private final ScheduleService service;

    ScheduleController(ScheduleService service) {
        this.service = service;
    }

    @Operation(operationId = "createSchedule", summary = "Create a schedule",
            description = "The run request is validated now, exactly as POST /api/v1/runs would; each fire creates a "
                    + "run through the same path, recorded with scheduleId and scheduledTime.")
    @ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "Invalid schedule or run request; the field is named")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ScheduleView> create(@Valid @RequestBody CreateScheduleCommand command) {
        ScheduleView created = service.create(command);
        return ResponseEntity.created(URI.create("/api/v1/schedules/" + created.id())).body(created);
    }

    @Operation(operationId = "listSchedules", summary = "List schedules, newest first")
    @ApiResponse(responseCode = "200", description = "A page of schedules", useReturnTypeSchema = true)
    @GetMapping
    ScheduleView.SchedulePage list(@RequestParam(required = false) ScheduleState state,
                                   @RequestParam(defaultValue = "0") @Min(0) int page,
                                   @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return service.list(state, page, size);
    }

    @Operation(operationId = "getSchedule", summary = "A schedule with its next 5 fire times and latest fires")
    @ApiResponse(responseCode = "200", description = "The schedule", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No such schedule")
    @GetMapping("/{id}")
    ScheduleView get(@PathVariable UUID id) {
        return service.get(id);
    }

    @Operation(operationId = "pauseSchedule", summary = "Pause: no fires until resumed")
    @ApiResponse(responseCode = "200", description = "Paused", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No such schedule")
    @ApiResponse(responseCode = "409", description = "The schedule is COMPLETED")
    @PostMapping("/{id}:pause")
    ScheduleView pause(@PathVariable UUID id) {
        return service.pause(id);
    }

    @Operation(operationId = "resumeSchedule", summary = "Resume: missed fire times run as catchUp says")
    @ApiResponse(responseCode = "200", description = "Active", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No such schedule")
    @ApiResponse(responseCode = "409", description = "The schedule is COMPLETED")
    @PostMapping("/{id}:resume")
    ScheduleView resume(@PathVariable UUID id) {
        return service.resume(id);
    }

    @Operation(operationId = "deleteSchedule", summary = "Delete a schedule; the runs it made keep their history")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such schedule")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        service.delete(id);
        return ResponseEntity.noContent().build();
    }
}
