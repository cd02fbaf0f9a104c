package com.pipelines.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.pipelines.PipelinesProperties;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pipelines shipped in the jar as PipelineSpec documents ({@code classpath:pipelines/*.json}), read-only version 1
 * of their pipeline. Our components' containers get the configured image ({@code pipelines.component-image}), as the
 * compiled built-ins do. Each read returns a fresh copy, so callers may change it.
 */
@Component
class BuiltInDocuments {

    private final Map<String, String> documents = new TreeMap<>();
    private final JsonMapper json;

    BuiltInDocuments(JsonMapper json, PipelinesProperties properties) throws IOException {
        this.json = json;
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:pipelines/*.json")) {
            try (InputStream in = resource.getInputStream()) {
                Map<String, Object> spec = read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                withImage(spec, properties.componentImage());
                String name = (String) ((Map<?, ?>) spec.get("pipelineInfo")).get("name");
                documents.put(name, json.writeValueAsString(spec));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read built-in pipeline " + resource, e);
            }
        }
    }

    Optional<Map<String, Object>> get(String name) {
        return Optional.ofNullable(documents.get(name)).map(this::read);
    }

    List<String> names() {
        return List.copyOf(documents.keySet());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String text) {
        return json.readValue(text, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static void withImage(Map<String, Object> spec, String image) {
        Map<String, Object> executors = (Map<String, Object>) ((Map<String, Object>) spec.get("deploymentSpec"))
                .get("executors");
        executors.values().forEach(executor -> {
            Map<String, Object> container = (Map<String, Object>) ((Map<String, Object>) executor).get("container");
            if (container != null && PipelineSpecCompiler.COMMAND.equals(container.get("command"))) {
                container.put("image", image);
            }
        });
    }
}
