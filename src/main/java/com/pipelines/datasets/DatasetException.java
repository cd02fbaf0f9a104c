package com.pipelines.datasets;

import com.pipelines.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** What can be wrong with a dataset request, as RFC 9457 problems naming the field or the file at fault. */
public class DatasetException extends ErrorResponseException {

    private final String field;

    private DatasetException(HttpStatus status, String type, String title, String detail, String field) {
        super(status, ApiProblem.of(status, type, title, detail, field), null);
        this.field = field;
    }

    /** Content that cannot become a dataset: a ragged row, a bad image, a missing label... */
    public static DatasetException invalid(String field, String detail) {
        return new DatasetException(HttpStatus.BAD_REQUEST, "invalid-dataset", "Invalid dataset", detail, field);
    }

    public static DatasetException notFound(String name) {
        return new DatasetException(HttpStatus.NOT_FOUND, "dataset-not-found", "Dataset not found",
                "No dataset " + name + " is registered (GET /api/v1/datasets lists them)", "dataset");
    }

    public static DatasetException inUse(String version, String run) {
        return new DatasetException(HttpStatus.CONFLICT, "dataset-in-use", "Dataset version in use",
                "Dataset version " + version + " was read by run " + run + " and is kept as that run's record",
                "version");
    }

    public static DatasetException tooLarge(long limit) {
        return new DatasetException(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Upload too large",
                "The dataset is larger than the " + limit + " bytes pipelines.datasets.max-upload-size allows", "file");
    }

    public static DatasetException uriNotAllowed(String uri, String why) {
        return new DatasetException(HttpStatus.BAD_REQUEST, "source-not-allowed", "Source not allowed",
                "sourceUri " + uri + " " + why, "sourceUri");
    }

    public static DatasetException unreadable(String uri, String why) {
        return new DatasetException(HttpStatus.BAD_REQUEST, "source-unreadable", "Source unreadable",
                "sourceUri " + uri + " cannot be read: " + why, "sourceUri");
    }

    public String field() {
        return field;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
