package com.pipelines.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.SqlRecorder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Models, endpoints and webhooks are listed a bounded page at a time, each page in a fixed number of queries. */
@EngineTest
class ListingsPagingTest {

    @LocalServerPort
    int port;

    @Autowired
    LocalEndpoints endpoints;

    @Test
    void endpointsAndModelsComeInPagesReadInAFixedNumberOfQueries() {
        ApiClient api = new ApiClient(port);
        for (int i = 0; i < 30; i++) {
            RegisteredModel model = endpoints.registerModel("local-project", "us-central1", "paging-" + i,
                    "file:///nowhere/" + i, "image", null);
            Endpoint endpoint = endpoints.createEndpoint("local-project", "us-central1", "paging-" + i, null, null);
            endpoints.deploy(endpoint.id(), model, 100, "n1-standard-4", 1, 1, null);
            endpoints.deploy(endpoint.id(), model, 50, "n1-standard-4", 1, 1, null);
        }
        JsonNode first = api.get("/api/v1/endpoints?size=5").json();
        assertThat(first.get("endpoints")).hasSize(5);
        assertThat(first.get("totalElements").asLong()).isGreaterThanOrEqualTo(30);
        assertThat(first.get("endpoints").get(0).get("deployedModels")).hasSize(2);
        assertThat(first.get("endpoints").get(0).get("displayName").asString()).isEqualTo("paging-29");
        JsonNode second = api.get("/api/v1/endpoints?size=5&page=1").json();
        assertThat(second.get("endpoints").get(0).get("displayName").asString()).isEqualTo("paging-24");

        int small = queries("/api/v1/endpoints?size=2", api);
        int large = queries("/api/v1/endpoints?size=25", api);
        assertThat(large).as("a page of 25 endpoints costs what a page of 2 does").isEqualTo(small);
        assertThat(large).isBetween(1, 4);
        assertThat(queries("/api/v1/models?size=25", api)).isBetween(1, 2);

        JsonNode models = api.get("/api/v1/models?size=3").json();
        assertThat(models.get("models")).hasSize(3);
        assertThat(models.get("totalPages").asInt()).isGreaterThanOrEqualTo(10);
        assertThat(api.get("/api/v1/webhooks?size=3").json().get("size").asInt()).isEqualTo(3);
        for (String bad : List.of("/api/v1/endpoints?size=101", "/api/v1/models?size=0", "/api/v1/webhooks?page=-1")) {
            ApiClient.Response response = api.get(bad);
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.contentType()).isEqualTo("application/problem+json");
        }
    }

    private static int queries(String path, ApiClient api) {
        SqlRecorder.start();
        assertThat(api.get(path).status()).isEqualTo(200);
        return (int) SqlRecorder.stop().stream().map(sql -> sql.toLowerCase(Locale.ROOT))
                .filter(sql -> sql.contains("endpoint") || sql.contains("registered_model")
                        || sql.contains("deployed_model"))
                .count();
    }
}
