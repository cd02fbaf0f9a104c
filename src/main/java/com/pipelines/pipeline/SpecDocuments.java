package com.pipelines.pipeline;

import java.util.Map;

import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads an uploaded PipelineSpec, JSON or YAML by its content type; duplicate keys and malformed text are a 400. */
final class SpecDocuments {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private SpecDocuments() {
    }

    static boolean isYaml(MediaType type) {
        return type != null && type.getSubtype().contains("yaml");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String body, MediaType type) {
        if (body == null || body.isBlank()) {
            throw PipelineException.badDocument("body", "is empty: send the PipelineSpec as JSON or YAML");
        }
        String format = isYaml(type) ? "YAML" : "JSON";
        try {
            Object document = (isYaml(type) ? YAML : JSON).readValue(body, Object.class);
            if (!(document instanceof Map<?, ?> map)) {
                throw PipelineException.badDocument("body", "must be a PipelineSpec object");
            }
            return (Map<String, Object>) map;
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw PipelineException.badDocument("body", "is not valid " + format + where + ": "
                    + e.getOriginalMessage());
        }
    }
}
