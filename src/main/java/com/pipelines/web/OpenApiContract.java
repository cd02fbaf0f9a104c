package com.pipelines.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * What every operation of the document promises, applied in one place: errors as the {@code Problem} schema
 * (application/problem+json) with an example, 401 (and 403 for changes) since the operator may configure keys,
 * {@code Location} on 201 and 202, and JSON instead of springdoc's {@code *}{@code /*} for bodies.
 */
final class OpenApiContract implements OpenApiCustomizer {

    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents() != null ? openApi.getComponents() : new Components();
        openApi.setComponents(components);
        components.addSchemas(PROBLEM, problemSchema());
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                complete(method, operation)));
    }

    private static void complete(PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses() != null ? operation.getResponses() : new ApiResponses();
        operation.setResponses(responses);
        responses.computeIfAbsent("401", code -> new ApiResponse().description(
                "An API key is required (the operator configured pipelines.security.keys)"));
        if (method != PathItem.HttpMethod.GET) {
            responses.computeIfAbsent("403", code -> new ApiResponse().description(
                    "The API key may only read"));
        }
        responses.forEach((code, response) -> {
            if (code.startsWith("2")) {
                jsonInsteadOfAnything(response);
            }
            if (code.equals("201") || code.equals("202")) {
                response.addHeaderObject("Location", new Header().description("Where to read the resource")
                        .schema(new StringSchema().format("uri-reference")));
            }
            if (code.startsWith("4")) {
                response.setContent(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                        .example(example(Integer.parseInt(code), response.getDescription()))));
            }
        });
    }

    private static void jsonInsteadOfAnything(ApiResponse response) {
        Content content = response.getContent();
        if (content != null && content.containsKey("*/*")) {
            MediaType any = content.remove("*/*");
            content.addMediaType("application/json", any);
        }
    }

    private static Map<String, Object> example(int status, String description) {
        Map<String, Object> problem = new LinkedHashMap<>();
        switch (status) {
            case 400 -> {
                problem.put("type", "urn:problem:invalid-request");
                problem.put("title", "Invalid request");
                problem.put("status", 400);
                problem.put("detail", "parameterValues.epochs: must be >= 1");
                problem.put("errors", List.of(Map.of("field", "parameterValues.epochs", "message", "must be >= 1")));
            }
            case 401 -> {
                problem.put("type", "urn:problem:unauthenticated");
                problem.put("title", "Authentication required");
                problem.put("status", 401);
                problem.put("detail", "Send an API key: Authorization: Bearer <key> or X-API-Key: <key>");
            }
            default -> {
                problem.put("type", "urn:problem:" + (status == 404 ? "not-found" : "http-" + status));
                problem.put("title", description == null ? "Error" : description);
                problem.put("status", status);
                problem.put("detail", description == null ? "See title" : description);
            }
        }
        return problem;
    }

    private static Schema<?> problemSchema() {
        Schema<?> fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema().example("parameterValues.epochs"))
                .addProperty("message", new StringSchema().example("must be >= 1"));
        return new ObjectSchema().description("An RFC 9457 problem; 'errors' names each field at fault")
                .addProperty("type", new StringSchema().format("uri").example("urn:problem:invalid-request"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("parameterValues.epochs: must be >= 1"))
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("errors", new ArraySchema().items(fieldError));
    }
}
