package com.pipelines.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.MappingIterator;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

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

    /**
     * The PipelineSpec of a JSON or YAML body. A YAML file may go on, after {@code ---}, with the kfp-kubernetes
     * platform document ({@code platforms: …}, as kfp writes it): it is kept under the spec's {@code platforms} key.
     * YAML aliases are refused (kfp never writes them, and they would be read as the anchor's name).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String body, MediaType type) {
        if (body == null || body.isBlank()) {
            throw PipelineException.badDocument("body", "is empty: send the PipelineSpec as JSON or YAML");
        }
        boolean yaml = isYaml(type);
        String format = yaml ? "YAML" : "JSON";
        try {
            List<Object> documents;
            if (yaml) {
                refuseAliases(body);
                try (MappingIterator<Object> values = YAML.readerFor(Object.class).readValues(body)) {
                    documents = values.readAll();
                }
            } else {
                documents = java.util.Collections.singletonList(JSON.readValue(body, Object.class));
            }
            if (documents.isEmpty() || !(documents.get(0) instanceof Map<?, ?> map)) {
                throw PipelineException.badDocument("body", "must be a PipelineSpec object");
            }
            Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) map);
            for (int i = 1; i < documents.size(); i++) {
                if (!(documents.get(i) instanceof Map<?, ?> platform) || !platform.keySet().equals(Set.of("platforms"))
                        || spec.containsKey("platforms")) {
                    throw PipelineException.badDocument("body", "YAML document " + (i + 1) + " is not the one "
                            + "kfp-kubernetes platform document (platforms: …) that may follow the PipelineSpec");
                }
                spec.put("platforms", platform.get("platforms"));
            }
            return spec;
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw PipelineException.badDocument("body", "is not valid " + format + where + ": "
                    + e.getOriginalMessage());
        }
    }

    private static void refuseAliases(String body) {
        try (JsonParser parser = YAML.createParser(body)) {
            while (parser.nextToken() != null) {
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    TokenStreamLocation at = parser.currentLocation();
                    throw PipelineException.badDocument("body", "uses a YAML alias (*" + parser.getString()
                            + ") at line " + at.getLineNr() + ": aliases and anchors are not supported in a "
                            + "PipelineSpec; write the value out");
                }
            }
        }
    }
}
