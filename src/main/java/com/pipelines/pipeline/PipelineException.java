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

    /** A PipelineSpec this service cannot run as written; each violation names its JSON path. */
    public static PipelineException invalidSpec(List<FieldViolation> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " problems in the pipeline spec; the first: " + errors.get(0).field() + ": "
                        + errors.get(0).message();
        return new PipelineException(HttpStatus.BAD_REQUEST, "invalid-pipeline-spec", "Invalid pipeline spec",
                detail, errors.size() > 50 ? errors.subList(0, 50) : errors);
    }

    public static PipelineException versionNotFound(String name, int version) {
        return new PipelineException(HttpStatus.NOT_FOUND, "pipeline-version-not-found", "Pipeline version not found",
                "Pipeline '" + name + "' has no version " + version,
                List.of(new FieldViolation("pipelineVersion", "unknown version")));
    }

    public static PipelineException invalidName(String field, String name) {
        return new PipelineException(HttpStatus.BAD_REQUEST, "invalid-pipeline-name", "Invalid pipeline name",
                "'" + name + "' is not a pipeline name", List.of(new FieldViolation(field,
                        "must be 1-128 letters, digits, '-', '_' or '.', starting with a letter or digit")));
    }

    public static PipelineException readOnly(String name) {
        return new PipelineException(HttpStatus.CONFLICT, "pipeline-read-only", "Built-in pipeline",
                "'" + name + "' is a built-in pipeline: it cannot be changed or deleted; upload under another name",
                List.of(new FieldViolation("name", "names a built-in pipeline")));
    }

    public static PipelineException versionInUse(String name, int version) {
        return new PipelineException(HttpStatus.CONFLICT, "pipeline-version-in-use", "Pipeline version in use",
                "Version " + version + " of '" + name + "' has runs; it stays as their record",
                List.of(new FieldViolation("version", "has runs")));
    }

    public static PipelineException notInProcess(List<FieldViolation> errors) {
        return new PipelineException(HttpStatus.BAD_REQUEST, "not-runnable-in-process", "Not runnable in-process",
                errors.get(0).message(), errors);
    }

    public static PipelineException badDocument(String field, String message) {
        return new PipelineException(HttpStatus.BAD_REQUEST, "invalid-pipeline-spec", "Invalid pipeline spec",
                message, List.of(new FieldViolation(field, message)));
    }

    public static PipelineException nameTaken(String name) {
        return new PipelineException(HttpStatus.CONFLICT, "pipeline-exists", "Pipeline exists",
                "A pipeline named '" + name + "' exists; add a version with POST /api/v1/pipelines/" + name
                        + "/versions", List.of(new FieldViolation("name", "is taken")));
    }
}
