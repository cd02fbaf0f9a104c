package com.pipelines.housekeeping;

import java.util.UUID;

import com.pipelines.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Refusals of deletes, as problem details. */
class HousekeepingException extends ErrorResponseException {

    private HousekeepingException(HttpStatus status, String type, String title, String detail, String field) {
        super(status, ApiProblem.of(status, type, title, detail, field), null);
    }

    static HousekeepingException runNotFound(UUID id) {
        return new HousekeepingException(HttpStatus.NOT_FOUND, "run-not-found", "Run not found", "No run " + id,
                "id");
    }

    static HousekeepingException refused(UUID id, String reason) {
        return new HousekeepingException(HttpStatus.CONFLICT, "run-not-deletable", "Run not deleted",
                "Run " + id + " was not deleted: " + reason, "id");
    }

    static HousekeepingException invalid(String field, String detail) {
        return new HousekeepingException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail, field);
    }
}
