package com.pipelines.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/** The built-in components, listed and served as the YAML kfp loads. */
@EngineTest
class ComponentsTest {

    @LocalServerPort
    int port;

    @Test
    @SuppressWarnings("unchecked")
    void everyBuiltInComponentIsListedAndServedAsComponentYaml() {
        ApiClient api = new ApiClient(port);
        JsonNode list = api.get("/api/v1/components").json().get("components");
        JsonNode training = null;
        for (JsonNode component : list) {
            if (component.get("name").asString().equals("load-data-and-training")) {
                training = component;
            }
        }
        assertThat(training).isNotNull();
        assertThat(training.get("command").asString()).isEqualTo("train");
        assertThat(training.get("parameters").toString()).contains("\"epochs\"", "\"modelType\"");
        assertThat(training.get("outputs").toString()).contains("system.ClassificationMetrics");

        ApiClient.Response yaml = api.get(training.get("yaml").asString());
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.contentType()).startsWith("application/yaml");
        assertThat(yaml.body()).isEqualTo(api.get("/api/v1/pipelines/simple-mnist-pipeline/components/"
                + "load-data-and-training").body());
        Map<String, Object> spec = new Yaml().load(yaml.body());
        Map<String, Object> executors = (Map<String, Object>) ((Map<String, Object>) spec.get("deploymentSpec"))
                .get("executors");
        Map<String, Object> container = (Map<String, Object>) ((Map<String, Object>) executors
                .get("exec-load-data-and-training")).get("container");
        assertThat((List<String>) container.get("command")).containsSubsequence("java", "-jar",
                "/opt/pipelines/app.jar");

        ApiClient.Response missing = api.get("/api/v1/components/no-such-component");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo("application/problem+json");
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
    }
}
