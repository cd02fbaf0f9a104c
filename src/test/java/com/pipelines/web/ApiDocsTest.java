package com.pipelines.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@EngineTest
class ApiDocsTest {

    @LocalServerPort
    int port;

    @Test
    void openApiListsEveryEndpointWithExamplesAndErrors() {
        ApiClient api = new ApiClient(port);
        JsonNode docs = api.get("/v3/api-docs").json();
        JsonNode paths = docs.get("paths");
        assertThat(paths.propertyNames()).contains("/api/v1/runs", "/api/v1/runs/{id}", "/api/v1/runs/{id}:cancel",
                "/api/v1/runs/{id}/metrics", "/api/v1/runs/{id}/artifacts", "/api/v1/runs/{id}/logs",
                "/api/v1/pipelines", "/api/v1/pipelines/{name}");
        JsonNode create = paths.get("/api/v1/runs").get("post");
        assertThat(create.get("responses").propertyNames()).contains("202", "400", "404", "409");
        JsonNode command = docs.get("components").get("schemas").get("CreateRunCommand");
        assertThat(command.get("example").toString()).contains("simple-mnist-pipeline");
        assertThat(paths.get("/api/v1/runs/{id}").get("get").get("responses").propertyNames())
                .contains("200", "304", "404");

        assertThat(paths.propertyNames()).contains("/api/v1/runs/{id}:retry", "/api/v1/runs:compare",
                "/api/v1/pipelines/{name}/spec", "/api/v1/pipelines/{name}/components/{task}", "/api/v1/webhooks",
                "/api/v1/webhooks/{id}", "/api/v1/webhooks/{id}/deliveries");
        assertThat(paths.get("/api/v1/runs:compare").toString()).contains("\"differs\"");
        assertThat(paths.get("/api/v1/runs/{id}:retry").toString()).contains("fromTask");
        JsonNode listParameters = paths.get("/api/v1/runs").get("get").get("parameters");
        assertThat(listParameters.toString()).contains("metrics.acc > 97", "metrics.acc desc");
        assertThat(docs.get("components").get("schemas").get("CreateWebhookCommand").get("example").toString())
                .contains("RUN_SUCCEEDED");
        assertThat(command.get("properties").get("cacheMaxStaleness").get("example").asString()).isEqualTo("P7D");

        ApiClient.Response ui = api.get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
        assertThat(api.get("/swagger-ui.html").status()).isIn(200, 302);
    }
}
