package com.pipelines.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place errors become RFC 9457 problem details. Client mistakes get a 4xx naming each field at fault in
 * {@code errors}; anything unexpected gets a bare 500 — never a stack trace or an exception message.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    record FieldProblem(String field, String message) {
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors()
                .forEach(e -> errors.add(new FieldProblem(e.getField(), e.getDefaultMessage())));
        ex.getBindingResult().getGlobalErrors()
                .forEach(e -> errors.add(new FieldProblem(e.getObjectName(), e.getDefaultMessage())));
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", summary(errors), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors().forEach(error -> errors.add(new FieldProblem(
                    error instanceof FieldError field ? field.getField() : name, message(error))));
        });
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", summary(errors), errors);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        Class<?> type = ex.getRequiredType();
        String expected = type == null ? "another type" : type.isEnum()
                ? "one of " + List.of(type.getEnumConstants())
                : "a valid " + type.getSimpleName();
        FieldProblem error = new FieldProblem(field, "must be " + expected);
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                field + ": " + error.message(), List.of(error));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (RequestSizeLimitFilter.tooLarge(ex)) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request too large",
                    "The request body is larger than this service accepts", List.of());
        }
        FieldProblem error = JsonErrors.describe(ex);
        String detail = error.field().isEmpty() ? error.message() : error.field() + ": " + error.message();
        List<FieldProblem> errors = error.field().isEmpty() ? List.of() : List.of(error);
        return problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request body", detail, errors);
    }

    /** A chunked body that grew past the limit while a controller read it (no Content-Length to refuse it by). */
    @ExceptionHandler(RequestSizeLimitFilter.BodyTooLargeException.class)
    ResponseEntity<Object> tooLarge() {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request too large",
                "The request body is larger than this service accepts", List.of());
    }

    /** Bean validation of a method outside Spring MVC's own (a validated service): the last path node is the field. */
    @ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolated(jakarta.validation.ConstraintViolationException ex) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getConstraintViolations().forEach(violation -> {
            String field = "";
            for (jakarta.validation.Path.Node node : violation.getPropertyPath()) {
                field = node.getName() == null ? field : node.getName();
            }
            errors.add(new FieldProblem(field, violation.getMessage()));
        });
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", summary(errors), errors);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The service failed to handle this request; the error has been logged", List.of());
    }

    private static String message(Object error) {
        return error instanceof DefaultMessageSourceResolvable r ? r.getDefaultMessage() : String.valueOf(error);
    }

    private static String summary(List<FieldProblem> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String type, String title, String detail,
                                                  List<FieldProblem> errors) {
        List<Map<String, String>> fields = errors.stream().map(e -> Map.of("field", e.field(), "message",
                e.message() == null ? "invalid" : e.message())).toList();
        return ResponseEntity.status(status).body(ApiProblem.of(status, type, title, detail, fields));
    }
}
