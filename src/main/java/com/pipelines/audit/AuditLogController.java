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

    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** A time the database can compare with: an instant past year 9999 would be a 500, not an empty page. */
    private static void checkTime(Instant time, String field) {
        if (time != null && (time.isBefore(EARLIEST) || time.isAfter(LATEST))) {
            org.springframework.http.HttpStatus status = org.springframework.http.HttpStatus.BAD_REQUEST;
            throw new org.springframework.web.ErrorResponseException(status, com.pipelines.web.ApiProblem.of(status,
                    "invalid-request", "Invalid request", field + " must be between " + EARLIEST + " and " + LATEST,
                    field), null);
        }
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
        checkTime(since, "since");
        checkTime(until, "until");
        AuditLog.Page found = audit.find(key, resource, since, until, page, size);
        return new AuditLogPage(found.events(), found.totalElements(), page, size);
    }
}
