package com.pipelines.housekeeping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import com.pipelines.search.RunFinder;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Deleting runs, one or many: rows, cache entries, registered versions nobody uses, files on disk and in buckets. */
@RestController
@Tag(name = "Runs")
class RunDeletionController {

    static final int MAX_BATCH = 1000;

    private final RunDeletion deletion;
    private final RunFinder finder;

    RunDeletionController(RunDeletion deletion, RunFinder finder) {
        this.deletion = deletion;
        this.finder = finder;
    }

    @Schema(description = "Runs to delete: by id, or every run a filter selects (the run list's filter language), "
            + "oldest first, at most 'max'")
    record BatchDeleteRequest(@Size(max = MAX_BATCH) List<UUID> ids, @Size(max = 2000) String filter,
                              @Min(1) @Max(MAX_BATCH) Integer max) {
    }

    record Refusal(UUID id, String reason) {
    }

    @Schema(description = "What was deleted, what was refused and why")
    record BatchDeleteResult(List<UUID> deleted, List<Refusal> refused, long bytesFreed) {
    }

    @Operation(operationId = "deleteRun", summary = "Delete a finished run: its rows, cache entries, the model "
            + "versions it registered that nothing uses, and its files on disk and in the bucket")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such run")
    @ApiResponse(responseCode = "409", description = "Still running; or a version it registered is deployed or "
            + "aliased; or another run reuses its outputs through the cache — the detail says which")
    @DeleteMapping("/api/v1/runs/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        RunDeletion.Outcome outcome = deletion.delete(id, "request");
        if (!outcome.deleted()) {
            throw HousekeepingException.refused(id, outcome.reason());
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "batchDeleteRuns", summary = "Delete many runs at once (ids, or a filter)")
    @ApiResponse(responseCode = "200", description = "What was deleted and what was refused",
            useReturnTypeSchema = true)
    @PostMapping("/api/v1/runs:batchDelete")
    BatchDeleteResult batchDelete(@Valid @RequestBody BatchDeleteRequest request) {
        if ((request.ids() == null) == (request.filter() == null)) {
            throw HousekeepingException.invalid("ids", "give exactly one of ids and filter");
        }
        int max = request.max() == null ? MAX_BATCH : request.max();
        List<UUID> ids = request.ids() != null ? new ArrayList<>(new LinkedHashSet<>(request.ids()))
                : finder.ids(request.filter(), max, "filter");
        List<UUID> deleted = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        long bytes = 0;
        for (UUID id : ids) {
            try {
                RunDeletion.Outcome outcome = deletion.delete(id, "batch");
                if (outcome.deleted()) {
                    deleted.add(id);
                    bytes += outcome.bytes();
                } else {
                    refused.add(new Refusal(id, outcome.reason()));
                }
            } catch (HousekeepingException notFound) {
                refused.add(new Refusal(id, "no such run"));
            }
        }
        return new BatchDeleteResult(deleted, refused, bytes);
    }
}
