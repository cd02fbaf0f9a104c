package com.pipelines.pipeline;

import java.util.List;

import com.pipelines.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Client errors about pipelines and their parameters, rendered as RFC 9457 problem details. */
public class PipelineException extends ErrorResponseException {

    private final List<FieldViolation> violations;

    private PipelineException(HttpStatus status, String type, String title, String detail, List<FieldViolation> errors) {
        super(status, ApiProblem.of(status, type, title, detail, errors), null);
        this.violations = List.copyOf(errors);
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    public static PipelineException notFound(String name) {
        return new PipelineException(HttpStatus.NOT_FOUND, "pipeline-not-found", "Pipeline not found",
                "No pipeline named '" + name + "'", List.of(new FieldViolation("pipelineName", "unknown pipeline")));
    }

    public static PipelineException taskNotFound(String pipeline, String task) {
        return new PipelineException(HttpStatus.NOT_FOUND, "task-not-found", "Task not found",
                "Pipeline '" + pipeline + "' has no task '" + task + "'", List.of(new FieldViolation("task",
                        "unknown task")));
    }

    public static PipelineException componentNotFound(String name) {
        return new PipelineException(HttpStatus.NOT_FOUND, "component-not-found", "Component not found",
                "No component named '" + name + "'", List.of(new FieldViolation("name", "unknown component")));
    }

    public static PipelineException invalidParameters(List<FieldViolation> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " parameters are invalid";
        return new PipelineException(HttpStatus.BAD_REQUEST, "invalid-parameters", "Invalid parameters", detail, errors);
    }
}
