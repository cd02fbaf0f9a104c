package com.pipelines.audit;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Who did what: the audit log, for admin keys. */
@RestController
@Validated
@Tag(name = "Audit log", description = "Every state-changing request: who, when, what, the outcome (admin keys)")
class AuditLogController {

    private final AuditLog audit;

    AuditLogController(AuditLog audit) {
        this.audit = audit;
    }

    record AuditLogPage(List<AuditLog.Event> events, long totalElements, int page, int size) {
    }

    @Operation(operationId = "listAuditLog", summary = "Audit events, newest first; filter by API key name, by "
            + "resource (a prefix of the request path, e.g. /api/v1/runs/<id>) and by time")
    @ApiResponse(responseCode = "200", description = "A page of events", useReturnTypeSchema = true)
    @GetMapping("/api/v1/auditLog")
    AuditLogPage list(@RequestParam(required = false) @Size(max = 128) String key,
                      @RequestParam(required = false) @Size(max = 2048) String resource,
                      @RequestParam(required = false) Instant since,
                      @RequestParam(required = false) Instant until,
                      @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        AuditLog.Page found = audit.find(key, resource, since, until, page, size);
        return new AuditLogPage(found.events(), found.totalElements(), page, size);
    }
}
