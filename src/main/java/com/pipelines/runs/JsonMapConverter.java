package com.pipelines.runs;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stores a JSON object column (parameter values, metadata) as text that both H2 and PostgreSQL hold. */
@Converter
public class JsonMapConverter implements AttributeConverter<Map<String, Object>, String> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(Map<String, Object> value) {
        return value == null ? null : JSON.writeValueAsString(value);
    }

    @Override
    public Map<String, Object> convertToEntityAttribute(String column) {
        return column == null ? null : JSON.readValue(column, MAP);
    }
}
