package com.pipelines.serving;

import java.io.IOException;
import java.util.List;

import com.pipelines.datasets.DatasetSchema;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * One table instance: an array of values in feature order, or an object keyed by feature name. Numbers may come as
 * numbers or numeric strings, null (or an absent key) is missing (NaN: the model imputes the train mean);
 * categories come as strings (a number is read as its text) and become the vocabulary index, -1 when unseen.
 */
final class TabularInstance {

    private TabularInstance() {
    }

    static void read(JsonParser parser, String name, DatasetSchema schema, float[] values, int offset)
            throws IOException {
        List<DatasetSchema.Feature> features = schema.features();
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            for (int f = 0; f < features.size(); f++) {
                values[offset + f] = missing(features.get(f));
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                int f = indexOf(features, key);
                if (f < 0) {
                    throw ServingException.badInstance(name + "." + key, "is not a feature of this model; its "
                            + "features are " + features.stream().map(DatasetSchema.Feature::name).toList());
                }
                values[offset + f] = value(parser, value, features.get(f), name, key, f);
            }
            return;
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw ServingException.badInstance(name, expected(features));
        }
        int f = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken(), f++) {
            if (f == features.size()) {
                throw ServingException.badInstance(name, expected(features) + "; has more values");
            }
            values[offset + f] = value(parser, token, features.get(f), name, null, f);
        }
        if (f != features.size()) {
            throw ServingException.badInstance(name, expected(features) + "; has " + f + " values");
        }
    }

    private static String expected(List<DatasetSchema.Feature> features) {
        return "must be an array of " + features.size() + " values in the order "
                + features.stream().map(DatasetSchema.Feature::name).toList() + ", or an object keyed by those names";
    }

    private static int indexOf(List<DatasetSchema.Feature> features, String key) {
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).name().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static float missing(DatasetSchema.Feature feature) {
        return feature.categorical() ? feature.indexOf("") : Float.NaN;
    }

    /** A value by key ({@code name.key}) or by position ({@code name[f]}); the place is named only on error. */
    private static float value(JsonParser parser, JsonToken token, DatasetSchema.Feature feature, String instance,
                               String key, int f) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return missing(feature);
        }
        if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
            throw ServingException.badInstance(place(instance, key, f), "must be a single value for feature '"
                    + feature.name() + "'");
        }
        if (feature.categorical()) {
            return feature.indexOf(parser.getString());
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getFloatValue();
        }
        String text = parser.getString();
        if (text == null || text.isBlank()) {
            return Float.NaN;
        }
        try {
            float value = Float.parseFloat(text.trim());
            if (Float.isNaN(value) || Float.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ServingException.badInstance(place(instance, key, f), "feature '" + feature.name()
                    + "' is numeric; '" + text + "' is not a number");
        }
    }

    private static String place(String instance, String key, int f) {
        return key != null ? instance + "." + key : instance + "[" + f + "]";
    }
}
