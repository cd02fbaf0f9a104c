package com.pipelines.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Schedule requests past any sensible bound are 400s naming the field, never 500s. */
@EngineTest
class ScheduleBoundsTest {

    @LocalServerPort
    int port;

    private ApiClient.Response create(String fields) {
        return new ApiClient(port).post("/api/v1/schedules", "{\"displayName\": \"bounds\", \"pipelineName\": \""
                + TestPipelines.PIPELINE + "\", " + fields + "}");
    }

    private static void refused(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asString()).as(response.body()).isEqualTo(field);
    }

    @Test
    void intervalsAndTimesOutsideTheirBoundsAreRefused() {
        refused(create("\"interval\": \"P200000D\""), "interval");
        refused(create("\"interval\": \"PT0.5S\""), "interval");
        refused(create("\"interval\": \"-PT1H\""), "interval");
        refused(create("\"interval\": \"PT1H\", \"startTime\": \"1600-01-01T00:00:00Z\""), "startTime");
        refused(create("\"interval\": \"PT1H\", \"startTime\": \"9999-01-01T00:00:00Z\""), "startTime");
        refused(create("\"interval\": \"PT1H\", \"endTime\": \"1600-01-01T00:00:00Z\""), "endTime");
        refused(create("\"cron\": \"0 2 * * *\", \"startTime\": \"+100000-01-01T00:00:00Z\""), "startTime");
    }

    @Test
    void aBadListQueryIsA400() {
        ApiClient api = new ApiClient(port);
        ApiClient.Response both = api.get("/api/v1/schedules?state=+&size=-1");
        assertThat(both.status()).as(both.body()).isEqualTo(400);
        refused(api.get("/api/v1/schedules?state=SLEEPING"), "state");
        refused(api.get("/api/v1/schedules?size=-1"), "size");
        refused(api.get("/api/v1/schedules?page=-1"), "page");
    }
}
