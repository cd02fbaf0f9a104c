package com.pipelines.schedules;

import java.util.UUID;

import com.pipelines.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Client errors about schedules, rendered as RFC 9457 problem details. */
public class ScheduleException extends ErrorResponseException {

    private ScheduleException(HttpStatus status, String type, String title, String detail, String field) {
        super(status, ApiProblem.of(status, type, title, detail, field), null);
    }

    public static ScheduleException notFound(UUID id) {
        return new ScheduleException(HttpStatus.NOT_FOUND, "schedule-not-found", "Schedule not found",
                "No schedule with id " + id, "id");
    }

    public static ScheduleException invalidField(String field, String message) {
        return new ScheduleException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                field + ": " + message, field);
    }

    public static ScheduleException illegalTransition(UUID id, ScheduleState from, ScheduleState to) {
        return new ScheduleException(HttpStatus.CONFLICT, "illegal-state-transition", "Illegal state transition",
                "Schedule " + id + " is " + from + " and cannot become " + to, null);
    }
}
