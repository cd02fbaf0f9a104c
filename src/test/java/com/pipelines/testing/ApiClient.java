package com.pipelines.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests that talk to the running service over real HTTP. */
public class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String apiKey;

    public ApiClient(int port) {
        this(port, null);
    }

    /** Every request carries {@code Authorization: Bearer <apiKey>}. */
    public ApiClient(int port, String apiKey) {
        this.base = "http://localhost:" + port;
        this.apiKey = apiKey;
    }

    public record Response(int status, Map<String, java.util.List<String>> headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    public Response get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
    }

    public Response post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)), "Content-Type", "application/json");
    }

    /** POSTs raw bytes (an upload) with the given content type. */
    public Response postBytes(String path, byte[] body, String contentType) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                "Content-Type", contentType);
    }

    /** POSTs one file as multipart/form-data part {@code file}, with text fields. */
    public Response postMultipart(String path, String fileName, byte[] file, java.util.Map<String, String> fields) {
        String boundary = "----pipelines" + java.util.UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(utf8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(utf8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(utf8));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
                "Content-Type", "multipart/form-data; boundary=" + boundary);
    }

    public Response send(String method, String path, String body, String... headers) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return send(HttpRequest.newBuilder(URI.create(base + path)).method(method, publisher), headers);
    }

    public UUID startRun(String json) {
        Response response = post("/api/v1/runs", json);
        if (response.status() != 202) {
            throw new AssertionError("expected 202, got " + response.status() + ": " + response.body());
        }
        return UUID.fromString(response.json().get("id").asString());
    }

    public JsonNode run(UUID id) {
        return get("/api/v1/runs/" + id).json();
    }

    public JsonNode awaitRun(UUID id, Predicate<JsonNode> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode run = run(id);
        while (!condition.test(run)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + id + " did not reach the expected condition; last: " + run);
            }
            sleep(25);
            run = run(id);
        }
        return run;
    }

    /** The artifact of a run (as GET /api/v1/runs/{id} shows it) with this name. */
    /** A run's task by name. */
    public static JsonNode task(JsonNode run, String name) {
        for (JsonNode task : run.get("tasks")) {
            if (task.get("name").asString().equals(name)) {
                return task;
            }
        }
        throw new AssertionError("no task " + name + " in " + run);
    }

    public static JsonNode artifact(JsonNode run, String name) {
        for (JsonNode artifact : run.get("artifacts")) {
            if (artifact.get("name").asString().equals(name)) {
                return artifact;
            }
        }
        throw new AssertionError("no artifact " + name + " in " + run);
    }

    public JsonNode awaitState(UUID id, String state, Duration timeout) {
        return awaitRun(id, run -> run.get("state").asString().equals(state), timeout);
    }

    private Response send(HttpRequest.Builder builder, String... headers) {
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
