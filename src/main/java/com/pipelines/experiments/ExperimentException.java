package com.pipelines.experiments;

import com.pipelines.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Refusals about experiments, as problem details naming the field at fault. */
public class ExperimentException extends ErrorResponseException {

    private ExperimentException(HttpStatus status, String type, String title, String detail, String field) {
        super(status, ApiProblem.of(status, type, title, detail, field), null);
    }

    static ExperimentException notFound(String name, String field) {
        return new ExperimentException(field == null ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST,
                "experiment-not-found", "Experiment not found", "No experiment named '" + name
                + "'; create it with POST /api/v1/experiments", field);
    }

    static ExperimentException archived(String name, String field) {
        return new ExperimentException(HttpStatus.BAD_REQUEST, "experiment-archived", "Experiment archived",
                "Experiment '" + name + "' is archived; unarchive it to add runs", field);
    }

    static ExperimentException nameTaken(String name) {
        return new ExperimentException(HttpStatus.CONFLICT, "experiment-exists", "Experiment exists",
                "An experiment named '" + name + "' exists already", "name");
    }

    static ExperimentException defaultIsForever() {
        return new ExperimentException(HttpStatus.CONFLICT, "experiment-default", "The default experiment",
                "'Default' holds the runs started without an experiment and cannot be archived", "name");
    }
}
