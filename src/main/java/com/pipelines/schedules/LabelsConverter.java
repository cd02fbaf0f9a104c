package com.pipelines.schedules;

import java.util.Map;
import java.util.TreeMap;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** A schedule's labels as a JSON object column. */
@Converter
class LabelsConverter implements AttributeConverter<Map<String, String>, String> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(Map<String, String> value) {
        return value == null ? null : JSON.writeValueAsString(value);
    }

    @Override
    public Map<String, String> convertToEntityAttribute(String column) {
        return column == null ? null : JSON.readValue(column, MAP);
    }
}
